package io.crmventas.core.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmventas.core.CrmException;
import io.crmventas.core.assignment.AssignmentExplanation;
import io.crmventas.core.assignment.AssignmentExplanation.Filter;
import io.crmventas.core.assignment.AssignmentExplanation.Ranked;
import io.crmventas.core.assignment.AssignmentExplanation.Removal;
import io.crmventas.core.assignment.AssignmentStrategy;
import io.crmventas.core.conversation.MediaRef;
import io.crmventas.core.lead.MetaAttribution;
import io.crmventas.core.lead.Qualification;
import io.crmventas.core.lead.ScoreFactor;
import io.crmventas.core.tenant.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** The JSON shapes of the {@code jsonb} columns. Field names are stable: they are stored. */
final class JsonCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<TreeMap<String, String>> STRING_MAP = new TypeReference<>() {};
  private static final TypeReference<TreeMap<String, Double>> DOUBLE_MAP = new TypeReference<>() {};

  private JsonCodec() {}

  static Db.Json json(JsonNode node) {
    return new Db.Json(node.toString());
  }

  private static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new CrmException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
    }
  }

  static Db.Json stringMap(Map<String, String> map) {
    return json(MAPPER.valueToTree(new TreeMap<>(map)));
  }

  static Map<String, String> stringMap(String text) {
    return text == null ? Map.of() : MAPPER.convertValue(parse(text), STRING_MAP);
  }

  /**
   * A string map stored as jsonb and perhaps edited by hand: a value that is not a string is kept
   * as its JSON text, so the setting it belongs to names its key when it is read (and refuses it),
   * and a JSON null is left out. Anything but an object is no map at all.
   */
  static Map<String, String> lenientStringMap(String field, String text) {
    if (text == null) {
      return Map.of();
    }
    com.fasterxml.jackson.databind.JsonNode node = parse(text);
    if (!node.isObject()) {
      throw new io.crmventas.core.InvalidInputException(field, node.getNodeType(), "must be a JSON object");
    }
    Map<String, String> out = new TreeMap<>();
    node.fields().forEachRemaining(e -> {
      if (!e.getValue().isNull()) {
        out.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
      }
    });
    return out;
  }

  static Db.Json doubleMap(Map<String, Double> map) {
    return json(MAPPER.valueToTree(new TreeMap<>(map)));
  }

  static Map<String, Double> doubleMap(String text) {
    return MAPPER.convertValue(parse(text), DOUBLE_MAP);
  }

  private static void put(ObjectNode o, String name, Optional<String> value) {
    value.ifPresent(v -> o.put(name, v));
  }

  private static Optional<String> text(JsonNode o, String name) {
    JsonNode n = o.get(name);
    return n == null || n.isNull() ? Optional.empty() : Optional.of(n.asText());
  }

  static Optional<Db.Json> attribution(Optional<MetaAttribution> value) {
    return value.map(a -> {
      ObjectNode o = MAPPER.createObjectNode();
      o.put("adId", a.adId());
      put(o, "sourceType", a.sourceType());
      put(o, "sourceUrl", a.sourceUrl());
      put(o, "headline", a.headline());
      put(o, "body", a.body());
      put(o, "clickId", a.clickId());
      put(o, "campaignId", a.campaignId());
      return json(o);
    });
  }

  static Optional<MetaAttribution> attribution(String text) {
    if (text == null) {
      return Optional.empty();
    }
    JsonNode o = parse(text);
    return Optional.of(new MetaAttribution(o.get("adId").asText(), text(o, "sourceType"), text(o, "sourceUrl"),
        text(o, "headline"), text(o, "body"), text(o, "clickId"), text(o, "campaignId")));
  }

  static Db.Json factors(List<ScoreFactor> factors) {
    ArrayNode arr = MAPPER.createArrayNode();
    for (ScoreFactor f : factors) {
      arr.addObject().put("rule", f.rule()).put("points", f.points()).put("reason", f.reason());
    }
    return json(arr);
  }

  static List<ScoreFactor> factors(String text) {
    List<ScoreFactor> out = new ArrayList<>();
    for (JsonNode f : parse(text)) {
      out.add(new ScoreFactor(f.get("rule").asText(), f.get("points").asInt(), f.get("reason").asText()));
    }
    return out;
  }

  static Db.Json qualification(Qualification q) {
    ObjectNode o = MAPPER.createObjectNode();
    put(o, "interest", q.interest().map(Enum::name));
    put(o, "timeline", q.timeline().map(Enum::name));
    put(o, "budget", q.budget());
    put(o, "need", q.need());
    return json(o);
  }

  static Qualification qualification(String text) {
    JsonNode o = parse(text);
    return new Qualification(text(o, "interest").map(Qualification.Interest::valueOf),
        text(o, "timeline").map(Qualification.Timeline::valueOf), text(o, "budget"), text(o, "need"));
  }

  static Optional<Db.Json> media(Optional<MediaRef> value) {
    return value.map(m -> {
      ObjectNode o = MAPPER.createObjectNode();
      put(o, "providerMediaId", m.providerMediaId());
      put(o, "url", m.url());
      put(o, "mimeType", m.mimeType());
      put(o, "filename", m.filename());
      m.sizeBytes().ifPresent(s -> o.put("sizeBytes", s));
      put(o, "sha256", m.sha256());
      return json(o);
    });
  }

  static Optional<MediaRef> media(String text) {
    if (text == null) {
      return Optional.empty();
    }
    JsonNode o = parse(text);
    JsonNode size = o.get("sizeBytes");
    return Optional.of(new MediaRef(text(o, "providerMediaId"), text(o, "url"), text(o, "mimeType"),
        text(o, "filename"), size == null ? Optional.empty() : Optional.of(size.asLong()), text(o, "sha256")));
  }

  static Db.Json explanation(AssignmentExplanation e) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("rule", e.rule());
    ArrayNode candidates = o.putArray("candidates");
    e.candidates().forEach(c -> candidates.add(c.toString()));
    ArrayNode filters = o.putArray("filters");
    for (Filter f : e.filters()) {
      ObjectNode fo = filters.addObject().put("name", f.name());
      ArrayNode removed = fo.putArray("removed");
      f.removed().forEach(r -> removed.addObject().put("sellerId", r.sellerId().toString()).put("why", r.why()));
    }
    put(o, "strategy", e.strategy().map(Enum::name));
    ArrayNode ranking = o.putArray("ranking");
    e.ranking().forEach(r -> ranking.addObject().put("sellerId", r.sellerId().toString()).put("value", r.value())
        .put("measure", r.measure()));
    put(o, "picked", e.picked().map(UserId::toString));
    o.put("summary", e.summary());
    return json(o);
  }

  static AssignmentExplanation explanation(String text) {
    JsonNode o = parse(text);
    List<UserId> candidates = new ArrayList<>();
    o.get("candidates").forEach(c -> candidates.add(user(c.asText())));
    List<Filter> filters = new ArrayList<>();
    for (JsonNode f : o.get("filters")) {
      List<Removal> removed = new ArrayList<>();
      f.get("removed").forEach(r -> removed.add(new Removal(user(r.get("sellerId").asText()), r.get("why").asText())));
      filters.add(new Filter(f.get("name").asText(), removed));
    }
    List<Ranked> ranking = new ArrayList<>();
    o.get("ranking").forEach(r -> ranking.add(new Ranked(user(r.get("sellerId").asText()), r.get("value").asDouble(),
        r.get("measure").asText())));
    return new AssignmentExplanation(o.get("rule").asText(), candidates, filters,
        text(o, "strategy").map(AssignmentStrategy::valueOf), ranking, text(o, "picked").map(JsonCodec::user),
        o.get("summary").asText());
  }

  private static UserId user(String text) {
    return UserId.of(UUID.fromString(text));
  }
}
