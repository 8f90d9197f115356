package io.leadstream.sink.salesforce;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * How long one workspace's write may keep the thread that runs it. A slow or hung org is that
 * workspace's failure (SPEC §8): past the deadline its requests stop, what it had not acknowledged is
 * held and drained later (every write is an idempotent upsert or update), and the thread goes on to
 * the other workspaces of the batch. Per thread, so the listener and the drainer each have their own.
 */
public final class WriteDeadline {
  private static final ThreadLocal<Long> DEADLINE_NANOS = new ThreadLocal<>();

  private WriteDeadline() {
  }

  /** Runs {@code work} with requests bounded to {@code budget} from now (nested calls keep the earlier deadline). */
  public static <T> T within(Duration budget, Supplier<T> work) {
    Long outer = DEADLINE_NANOS.get();
    long mine = System.nanoTime() + budget.toNanos();
    DEADLINE_NANOS.set(outer == null ? mine : (outer - mine < 0 ? outer : mine));
    try {
      return work.get();
    } finally {
      if (outer == null) {
        DEADLINE_NANOS.remove();
      } else {
        DEADLINE_NANOS.set(outer);
      }
    }
  }

  /** The time a request may still take: {@code limit}, or less when a deadline is nearer; zero or less when it passed. */
  static Duration bound(Duration limit) {
    Long deadline = DEADLINE_NANOS.get();
    if (deadline == null) {
      return limit;
    }
    Duration left = Duration.ofNanos(deadline - System.nanoTime());
    return left.compareTo(limit) < 0 ? left : limit;
  }
}
