package io.leadstream.leaddb.access;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Verifies presented API tokens against {@link ApiTokenStore} on every request without a database
 * round trip per request: each token's stored state is cached for {@code ttl} and then re-read (by
 * one request; the others keep the cached state meanwhile), so a revocation, an expiry change or a
 * disabled workspace takes effect on every instance within {@code ttl} plus one query — SPEC §14 asks
 * for 10 s, the default ttl is 5 s. Unknown token ids are cached too, so a flood of made-up tokens
 * costs one query per id per ttl.
 *
 * <p>When the database cannot be reached, a token verified within {@code maxStale} still passes
 * (ingestion survives a database blip; a revocation cannot be written during the outage either);
 * after that, or for a token never seen, the answer is {@link Result.Unavailable}.
 *
 * <p>Uses are recorded in {@code last_used_at} at most once per {@code touchInterval} per token,
 * off the request thread.
 */
public final class TokenVerifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TokenVerifier.class);
  private static final int MAX_ENTRIES = 10_000;

  /** The outcome of a verification. */
  public sealed interface Result {
    record Verified(Caller caller) implements Result {
    }

    /** Not a valid token (unknown, wrong secret, revoked, expired, workspace disabled); 401. */
    record Rejected(String reason) implements Result {
    }

    /** The token store could not be asked; 503. */
    record Unavailable(String reason) implements Result {
    }
  }

  private final ApiTokenStore store;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final long ttlNanos;
  private final long maxStaleNanos;
  private final long touchIntervalMillis;
  private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
  private final ExecutorService toucher = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "api-token-last-used");
    t.setDaemon(true);
    return t;
  });

  private static final class Entry {
    final Optional<ApiTokenStore.StoredToken> token;
    final long loadedNanos;
    final AtomicBoolean reloading = new AtomicBoolean();
    final AtomicLong touchedMillis;

    Entry(Optional<ApiTokenStore.StoredToken> token, long loadedNanos, long touchedMillis) {
      this.token = token;
      this.loadedNanos = loadedNanos;
      this.touchedMillis = new AtomicLong(touchedMillis);
    }
  }

  public TokenVerifier(ApiTokenStore store, Duration ttl, Duration maxStale, Duration touchInterval, Clock clock,
                       LongSupplier nanoTime) {
    this.store = store;
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.ttlNanos = ttl.toNanos();
    this.maxStaleNanos = Math.max(ttl.toNanos(), maxStale.toNanos());
    this.touchIntervalMillis = touchInterval.toMillis();
  }

  public static TokenVerifier withDefaults(ApiTokenStore store) {
    return new TokenVerifier(store, Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(1),
        Clock.systemUTC(), System::nanoTime);
  }

  public Result verify(String presented) {
    Optional<ApiTokenFormat.Parsed> parsed = ApiTokenFormat.parse(presented);
    if (parsed.isEmpty()) {
      return new Result.Rejected("not a Leadstream API token");
    }
    String id = parsed.get().tokenId();
    Entry entry;
    try {
      entry = current(id);
    } catch (DataAccessException e) {
      log.warn("API token store unavailable: {}", e.getMostSpecificCause().toString());
      return new Result.Unavailable("the token store cannot be reached");
    }
    if (entry.token.isEmpty()) {
      return new Result.Rejected("unknown token");
    }
    ApiTokenStore.StoredToken token = entry.token.get();
    // Constant time: the answer's timing does not tell how much of the secret's hash matched.
    if (!MessageDigest.isEqual(token.secretSha256(), ApiTokenFormat.sha256(parsed.get().secret()))) {
      return new Result.Rejected("unknown token");
    }
    Instant now = clock.instant();
    if (token.revokedAt() != null) {
      return new Result.Rejected("token revoked");
    }
    if (token.expiresAt() != null && !now.isBefore(token.expiresAt())) {
      return new Result.Rejected("token expired");
    }
    if (token.workspaceDisabled()) {
      return new Result.Rejected("workspace disabled");
    }
    touch(entry, id, now);
    return new Result.Verified(Caller.token(token.tokenId(), token.workspaceId(), token.scopes()));
  }

  /** The cached entry, reloaded when older than the ttl; a failed reload keeps a young enough entry. */
  private Entry current(String id) {
    long now = nanoTime.getAsLong();
    Entry entry = cache.get(id);
    if (entry != null && now - entry.loadedNanos < ttlNanos) {
      return entry;
    }
    if (entry != null && !entry.reloading.compareAndSet(false, true)) {
      return entry; // another request is re-reading it right now: answer from what we have meanwhile
    }
    try {
      Entry fresh = new Entry(store.lookup(id), nanoTime.getAsLong(),
          entry == null ? 0 : entry.touchedMillis.get());
      if (cache.size() >= MAX_ENTRIES) {
        cache.values().removeIf(e -> e.token.isEmpty());
      }
      cache.put(id, fresh);
      return fresh;
    } catch (DataAccessException e) {
      if (entry != null && entry.token.isPresent() && now - entry.loadedNanos < maxStaleNanos) {
        entry.reloading.set(false);
        return entry;
      }
      throw e;
    }
  }

  private void touch(Entry entry, String id, Instant now) {
    long last = entry.touchedMillis.get();
    if (now.toEpochMilli() - last < touchIntervalMillis || !entry.touchedMillis.compareAndSet(last, now.toEpochMilli())) {
      return;
    }
    try {
      toucher.execute(() -> {
        try {
          store.touchLastUsed(id, now);
        } catch (RuntimeException e) {
          log.debug("last_used_at of token {} not recorded: {}", id, e.toString());
        }
      });
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  @Override
  public void close() {
    toucher.shutdown();
  }
}
