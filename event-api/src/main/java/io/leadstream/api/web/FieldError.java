package io.leadstream.api.web;

/** One bad field of a request, named by its JSON path (e.g. {@code items[2].leadScore}). */
public record FieldError(String field, String message) {
}
