package io.crmventas.ycloud.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the small JSON bodies of webhook answers. */
final class ResultJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ResultJson() {}

  static String object(String... keyValues) {
    ObjectNode node = MAPPER.createObjectNode();
    for (int i = 0; i < keyValues.length; i += 2) {
      node.put(keyValues[i], keyValues[i + 1]);
    }
    return node.toString();
  }
}
