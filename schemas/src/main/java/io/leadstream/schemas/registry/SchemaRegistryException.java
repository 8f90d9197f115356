package io.leadstream.schemas.registry;

/**
 * A registry answer that is not a success, with the Confluent {@code error_code}
 * ({@code 40401} subject not found, {@code 409} incompatible, {@code 42201} invalid schema, ...).
 * Raised by the server's domain logic and by the client when the server says so.
 */
public class SchemaRegistryException extends RuntimeException {
    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(int httpStatus, int errorCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(RegistryError error, String message) {
        this(error.httpStatus, error.errorCode, message);
    }

    public SchemaRegistryException(RegistryError error, String message, Throwable cause) {
        this(error.httpStatus, error.errorCode, message, cause);
    }

    public SchemaRegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    public boolean is(RegistryError error) {
        return errorCode == error.errorCode;
    }

    /** 5xx and transport failures are worth retrying; 4xx answers are final. */
    public boolean isRetriable() {
        return httpStatus >= 500 || httpStatus == 0;
    }
}
