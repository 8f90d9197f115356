package io.leadstream.sfemu.org;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Salesforce record ids: 3-char key prefix + 12 chars (15, case-sensitive), plus the 3-char
 * case-safe checksum that turns them into the 18-char form the REST API returns.
 */
public final class SalesforceIds {

  private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final String CHECKSUM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
  /** Instance/pod part of generated ids; fixed so ids look like one org's ids. */
  private static final String POD = "8d0";

  private final AtomicLong counter;

  public SalesforceIds(long start) {
    this.counter = new AtomicLong(start);
  }

  /** A new 18-char id with the given key prefix. */
  public String next(String keyPrefix) {
    long n = counter.incrementAndGet();
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 9; i++) {
      body.append(BASE62.charAt((int) (n % 62)));
      n /= 62;
    }
    return to18(keyPrefix + POD + body.reverse());
  }

  /** A random 18-char id with the given key prefix (an org's own id: unique, not from a counter). */
  public static String random(String keyPrefix, java.util.Random random) {
    StringBuilder id = new StringBuilder(keyPrefix).append(POD);
    while (id.length() < 15) {
      id.append(BASE62.charAt(random.nextInt(62)));
    }
    return to18(id.toString());
  }

  public long position() {
    return counter.get();
  }

  public void advanceTo(long position) {
    counter.accumulateAndGet(position, Math::max);
  }

  /**
   * The documented case-safe suffix: each 5-char chunk of the 15-char id gives a 5-bit number whose
   * bit i is set when char i is an upper-case letter; that number indexes A-Z0-5.
   */
  public static String checksum(String id15) {
    StringBuilder suffix = new StringBuilder(3);
    for (int chunk = 0; chunk < 3; chunk++) {
      int bits = 0;
      for (int i = 0; i < 5; i++) {
        char c = id15.charAt(chunk * 5 + i);
        if (c >= 'A' && c <= 'Z') {
          bits |= 1 << i;
        }
      }
      suffix.append(CHECKSUM_ALPHABET.charAt(bits));
    }
    return suffix.toString();
  }

  public static String to18(String id15) {
    return id15 + checksum(id15);
  }

  /**
   * Normalises a 15- or 18-char id to 18 chars; empty when it is not a well-formed id (wrong
   * length, characters outside [0-9A-Za-z], or an 18-char id whose suffix does not match).
   */
  public static Optional<String> normalize(String candidate) {
    if (candidate == null || (candidate.length() != 15 && candidate.length() != 18)) {
      return Optional.empty();
    }
    for (int i = 0; i < candidate.length(); i++) {
      if (BASE62.indexOf(candidate.charAt(i)) < 0) {
        return Optional.empty();
      }
    }
    String id15 = candidate.substring(0, 15);
    if (candidate.length() == 18
        && !candidate.substring(15).equalsIgnoreCase(checksum(id15))) {
      return Optional.empty();
    }
    return Optional.of(to18(id15));
  }

  public static String keyPrefix(String id) {
    return id.substring(0, 3);
  }
}
