package io.crmventas.core.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link Dashboard} as JSON and back: the facts of every seller and of the team (which is all
 * {@link #read} needs), and, for readers of the JSON, each one's metrics by key. Used by the
 * Redis cache and by HTTP APIs. Thread-safe.
 */
public final class DashboardJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DashboardJson() {}

  public static String write(Dashboard d) {
    ObjectNode root = JSON.createObjectNode();
    root.put("tenantId", d.tenantId().value());
    root.put("from", d.from().toString());
    root.put("to", d.to().toString());
    root.put("computedAt", d.computedAt().toString());
    root.put("days", d.team().days());
    ArrayNode sellers = root.putArray("sellers");
    d.sellers().forEach(m -> sellers.add(metrics(m)));
    root.set("team", metrics(d.team()));
    return root.toString();
  }

  /** One seller's (or the team's) facts and metrics as a JSON object. */
  public static ObjectNode metrics(SellerMetrics m) {
    ObjectNode node = JSON.createObjectNode();
    ActivityFacts f = m.facts();
    node.put("sellerId", f.sellerId().map(s -> s.value().toString()).orElse(null));
    ObjectNode values = node.putObject("metrics");
    m.asMap().forEach(values::put);
    node.put("lastActivity", m.lastActivity().map(Instant::toString).orElse(null));
    ObjectNode facts = node.putObject("facts");
    facts.put("conversations", f.conversations());
    facts.put("activeConversations", f.activeConversations());
    facts.put("openConversations", f.openConversations());
    facts.put("waitingConversations", f.waitingConversations());
    facts.put("assignedToday", f.assignedToday());
    facts.put("messagesReceived", f.messagesReceived());
    facts.put("messagesSent", f.messagesSent());
    facts.put("botMessages", f.botMessages());
    facts.set("responses", durations(f.responses()));
    facts.set("firstResponses", durations(f.firstResponses()));
    facts.put("slaDue", f.slaDue());
    facts.put("slaMet", f.slaMet());
    facts.put("leadsAssigned", f.leadsAssigned());
    facts.put("assignedLeadsWon", f.assignedLeadsWon());
    facts.put("leadsWon", f.leadsWon());
    facts.put("prospectsGenerated", f.prospectsGenerated());
    facts.put("prospectsWon", f.prospectsWon());
    facts.put("appointmentsBooked", f.appointmentsBooked());
    facts.put("appointmentsHeld", f.appointmentsHeld());
    facts.put("conversationMillis", f.conversationMillis());
    facts.put("activeDays", f.activeDays());
    return node;
  }

  private static ObjectNode durations(Durations d) {
    ObjectNode n = JSON.createObjectNode();
    n.put("count", d.count());
    n.put("sumMillis", d.sumMillis());
    n.put("p50Millis", d.p50Millis().orElse(null));
    n.put("p90Millis", d.p90Millis().orElse(null));
    return n;
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @throws InvalidInputException if {@code text} is not such a document
   */
  public static Dashboard read(String text) {
    try {
      JsonNode root = JSON.readTree(text);
      long days = root.required("days").asLong();
      List<SellerMetrics> sellers = new ArrayList<>();
      for (JsonNode s : root.required("sellers")) {
        sellers.add(new SellerMetrics(facts(s), days));
      }
      return new Dashboard(TenantId.of(root.required("tenantId").asText()),
          LocalDate.parse(root.required("from").asText()), LocalDate.parse(root.required("to").asText()),
          Instant.parse(root.required("computedAt").asText()), sellers,
          new SellerMetrics(facts(root.required("team")), days));
    } catch (JsonProcessingException | IllegalArgumentException | java.time.DateTimeException e) {
      throw new InvalidInputException("dashboard", abbreviate(text), "is not a dashboard document: " + e.getMessage());
    }
  }

  private static ActivityFacts facts(JsonNode node) {
    JsonNode seller = node.required("sellerId");
    JsonNode f = node.required("facts");
    JsonNode last = node.required("lastActivity");
    return new ActivityFacts(
        seller.isNull() ? Optional.empty() : Optional.of(UserId.of(UUID.fromString(seller.asText()))),
        n(f, "conversations"), n(f, "activeConversations"), n(f, "openConversations"), n(f, "waitingConversations"),
        n(f, "assignedToday"), n(f, "messagesReceived"), n(f, "messagesSent"), n(f, "botMessages"),
        durations(f.required("responses")), durations(f.required("firstResponses")), n(f, "slaDue"), n(f, "slaMet"),
        n(f, "leadsAssigned"), n(f, "assignedLeadsWon"), n(f, "leadsWon"), n(f, "prospectsGenerated"),
        n(f, "prospectsWon"), n(f, "appointmentsBooked"), n(f, "appointmentsHeld"), n(f, "conversationMillis"),
        n(f, "activeDays"), last.isNull() ? Optional.empty() : Optional.of(Instant.parse(last.asText())));
  }

  private static Durations durations(JsonNode d) {
    long count = n(d, "count");
    return count == 0 ? Durations.NONE : new Durations(count, n(d, "sumMillis"),
        Optional.of(n(d, "p50Millis")), Optional.of(n(d, "p90Millis")));
  }

  private static long n(JsonNode node, String field) {
    JsonNode v = node.required(field);
    if (!v.isIntegralNumber()) {
      throw new IllegalArgumentException(field + " is not an integer");
    }
    return v.asLong();
  }

  private static String abbreviate(String text) {
    return text == null || text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }
}
