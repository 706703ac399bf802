package io.crmventas.core.store.jdbc;

import io.crmventas.core.lead.LeadId;
import io.crmventas.core.lead.LeadScore;
import io.crmventas.core.lead.ScoreBand;
import io.crmventas.core.scoring.ScoreChange;
import io.crmventas.core.scoring.ScoreChangeId;
import io.crmventas.core.scoring.ScoreHistory;
import io.crmventas.core.scoring.ScoreTrigger;
import io.crmventas.core.tenant.TenantId;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

final class JdbcScoreHistory extends JdbcScoped implements ScoreHistory {
  private static final String COLS = "tenant_id, id, lead_id, old_score, old_band, new_score, new_band, factors, trigger, at";

  JdbcScoreHistory(Db db, TenantId tenant) {
    super(db, tenant);
  }

  private static ScoreChange change(Db.Row r) throws SQLException {
    return new ScoreChange(ScoreChangeId.of(r.uuid("id")), TenantId.of(r.str("tenant_id")), LeadId.of(r.uuid("lead_id")),
        r.optInteger("old_score"), r.optStr("old_band").map(ScoreBand::valueOf),
        new LeadScore(r.integer("new_score"), ScoreBand.valueOf(r.str("new_band")), JsonCodec.factors(r.str("factors")),
            r.instant("at")),
        r.enumValue(ScoreTrigger.class, "trigger"), r.instant("at"));
  }

  @Override
  public ScoreChange record(ScoreChange c) {
    Objects.requireNonNull(c, "change");
    requireSameTenant(c.tenantId());
    db.update("INSERT INTO lead_score_history (" + COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)",
        t(), c.id().value(), c.leadId().value(), c.oldScore(), c.oldBand(), c.newScore().value(), c.newScore().band(),
        JsonCodec.factors(c.newScore().factors()), c.trigger(), c.at());
    return c;
  }

  @Override
  public List<ScoreChange> forLead(LeadId leadId) {
    Objects.requireNonNull(leadId, "leadId");
    return db.query("SELECT " + COLS + " FROM lead_score_history WHERE tenant_id = ? AND lead_id = ? ORDER BY at, id",
        JdbcScoreHistory::change, t(), leadId.value());
  }
}
