package io.leadstream.api.ingest;

import io.leadstream.api.web.ApiException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Request bodies → JSON trees, strictly: no duplicate keys, no trailing content; 400 otherwise. */
public final class RequestJson {
  private final JsonMapper mapper = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  public JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw ApiException.invalid("body", "is required");
    }
    try {
      JsonNode node = mapper.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw ApiException.invalid("body", "is required");
      }
      return node;
    } catch (JacksonException e) {
      String message = e.getOriginalMessage();
      throw ApiException.invalid("body", "is not valid JSON: "
          + (message == null ? "unreadable" : message.length() > 200 ? message.substring(0, 200) : message));
    }
  }

  /** A JSON object body; 400 for anything else. */
  public JsonNode object(byte[] body) {
    JsonNode node = parse(body);
    if (!node.isObject()) {
      throw ApiException.invalid("body", "must be a JSON object");
    }
    return node;
  }
}
