package io.leadstream.schemas.registry.server;

import org.apache.kafka.common.config.ConfigException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The registry server's HTTP basic auth users. Passwords are kept as SHA-256 digests and compared in
 * constant time; an unknown user costs the same comparison, so timing tells nothing about user names.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7617">RFC 7617: the 'Basic' HTTP authentication scheme</a>
 */
final class BasicAuthUsers {
    private final Map<String, byte[]> digests = new HashMap<>();
    private final byte[] unknownUser = new byte[32];

    BasicAuthUsers(Map<String, String> passwords) {
        passwords.forEach((user, password) -> {
            if (user.isEmpty() || user.indexOf(':') >= 0) {
                throw new IllegalArgumentException("a basic auth user name must be non-empty and without ':'");
            }
            digests.put(user, sha256(password));
        });
        new SecureRandom().nextBytes(unknownUser);
    }

    /** One user from {@code user:password}, or none when {@code userInfo} is blank; errors name {@code variable}. */
    static Map<String, String> fromUserInfo(String userInfo, String variable) {
        if (userInfo == null || userInfo.isBlank()) {
            return Map.of();
        }
        int colon = userInfo.indexOf(':');
        if (colon <= 0) {
            throw new ConfigException(variable + " must be user:password");
        }
        return Map.of(userInfo.substring(0, colon), userInfo.substring(colon + 1));
    }

    boolean required() {
        return !digests.isEmpty();
    }

    /** Whether a request with this {@code Authorization} header value (may be null) gets in. */
    boolean accept(String authorization) {
        if (!required()) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = credentials.indexOf(':');
        if (colon < 0) {
            return false;
        }
        byte[] expected = digests.get(credentials.substring(0, colon));
        boolean matches = MessageDigest.isEqual(expected == null ? unknownUser : expected, sha256(credentials.substring(colon + 1)));
        return matches && expected != null;
    }

    private static byte[] sha256(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
