package io.crmventas.core.store.jdbc;

import io.crmventas.core.NotFoundException;
import io.crmventas.core.assignment.AssignmentRule;
import io.crmventas.core.assignment.AssignmentRuleId;
import io.crmventas.core.assignment.AssignmentRuleStore;
import io.crmventas.core.assignment.AssignmentStrategy;
import io.crmventas.core.assignment.CandidatePool;
import io.crmventas.core.assignment.StaleAction;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.ScoreBand;
import io.crmventas.core.tenant.Role;
import io.crmventas.core.tenant.SellerKind;
import io.crmventas.core.tenant.TenantId;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

final class JdbcRules extends JdbcScoped implements AssignmentRuleStore {
  static final String COLS = "tenant_id, id, name, priority, active, sources, tags, bands, strategy, pool_role, pool_kind,"
      + " pool_skills, stale_after_millis, stale_action, created_at";

  JdbcRules(Db db, TenantId tenant) {
    super(db, tenant);
  }

  static AssignmentRule rule(Db.Row r) throws SQLException {
    return new AssignmentRule(AssignmentRuleId.of(r.uuid("id")), TenantId.of(r.str("tenant_id")), r.str("name"),
        r.integer("priority"), r.bool("active"),
        r.texts("sources").stream().map(LeadSource::new).collect(Collectors.toSet()),
        new TreeSet<>(r.texts("tags")),
        r.texts("bands").stream().map(ScoreBand::valueOf).collect(Collectors.toSet()),
        r.enumValue(AssignmentStrategy.class, "strategy"),
        new CandidatePool(r.enumValue(Role.class, "pool_role"), r.optStr("pool_kind").map(SellerKind::valueOf),
            new TreeSet<>(r.texts("pool_skills"))),
        r.optLong("stale_after_millis").map(Duration::ofMillis), r.enumValue(StaleAction.class, "stale_action"),
        r.instant("created_at"));
  }

  private static Object[] settable(AssignmentRule x) {
    return new Object[] {
      x.name(), x.priority(), x.active(),
      new Db.SqlArray("text", x.sources().stream().map(LeadSource::code).sorted().toList()),
      new Db.SqlArray("text", x.tags()),
      new Db.SqlArray("text", x.bands().stream().map(Enum::name).sorted().toList()),
      x.strategy(), x.pool().role(), x.pool().kind(), new Db.SqlArray("text", x.pool().requiredSkills()),
      x.staleAfter().map(Duration::toMillis), x.staleAction()
    };
  }

  @Override
  public AssignmentRule create(AssignmentRule x) {
    Objects.requireNonNull(x, "rule");
    requireSameTenant(x.tenantId());
    Object[] s = settable(x);
    db.update("INSERT INTO assignment_rules (" + COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        t(), x.id().value(), s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], x.createdAt());
    return x;
  }

  @Override
  public Optional<AssignmentRule> find(AssignmentRuleId id) {
    Objects.requireNonNull(id, "id");
    return db.queryOne("SELECT " + COLS + " FROM assignment_rules WHERE tenant_id = ? AND id = ?", JdbcRules::rule,
        t(), id.value());
  }

  @Override
  public AssignmentRule update(AssignmentRule x) {
    Objects.requireNonNull(x, "rule");
    requireSameTenant(x.tenantId());
    Object[] s = settable(x);
    return db.queryOne("UPDATE assignment_rules SET name = ?, priority = ?, active = ?, sources = ?, tags = ?, bands = ?,"
            + " strategy = ?, pool_role = ?, pool_kind = ?, pool_skills = ?, stale_after_millis = ?, stale_action = ?"
            + " WHERE tenant_id = ? AND id = ? RETURNING " + COLS, JdbcRules::rule,
        s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], t(), x.id().value())
        .orElseThrow(() -> new NotFoundException("assignment rule", x.id()));
  }

  @Override
  public boolean delete(AssignmentRuleId id) {
    Objects.requireNonNull(id, "id");
    return db.update("DELETE FROM assignment_rules WHERE tenant_id = ? AND id = ?", t(), id.value()) == 1;
  }

  @Override
  public List<AssignmentRule> list() {
    return db.query("SELECT " + COLS + " FROM assignment_rules WHERE tenant_id = ? ORDER BY priority, name COLLATE \"C\"",
        JdbcRules::rule, t());
  }
}
