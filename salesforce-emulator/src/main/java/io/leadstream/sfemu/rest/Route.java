package io.leadstream.sfemu.rest;

import java.util.function.Function;

/** A resolved REST resource: the operation name it is counted under and its handler. */
public record Route(String operation, boolean mutating, Function<ApiRequest, HttpReply> handler) {
}
