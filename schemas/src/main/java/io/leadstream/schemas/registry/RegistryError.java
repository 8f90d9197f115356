package io.leadstream.schemas.registry;

/**
 * The Confluent Schema Registry error codes this project speaks, with their HTTP status.
 * Client and server share them so both sides of the wire agree.
 */
public enum RegistryError {
    SUBJECT_NOT_FOUND(404, 40401),
    VERSION_NOT_FOUND(404, 40402),
    SCHEMA_NOT_FOUND(404, 40403),
    SUBJECT_COMPATIBILITY_NOT_CONFIGURED(404, 40408),
    NOT_FOUND(404, 404),
    INCOMPATIBLE_SCHEMA(409, 409),
    UNPROCESSABLE_ENTITY(422, 422),
    INVALID_SCHEMA(422, 42201),
    INVALID_VERSION(422, 42202),
    INVALID_COMPATIBILITY_LEVEL(422, 42203),
    METHOD_NOT_ALLOWED(405, 405),
    UNSUPPORTED_MEDIA_TYPE(415, 415),
    STORE_ERROR(500, 50001),
    OPERATION_TIMEOUT(500, 50002);

    public final int httpStatus;
    public final int errorCode;

    RegistryError(int httpStatus, int errorCode) {
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }
}
