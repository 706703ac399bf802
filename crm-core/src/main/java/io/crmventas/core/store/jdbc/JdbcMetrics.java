package io.crmventas.core.store.jdbc;

import io.crmventas.core.metrics.SellerMetricsSnapshot;
import io.crmventas.core.metrics.SellerMetricsStore;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

final class JdbcMetrics extends JdbcScoped implements SellerMetricsStore {
  private static final String COLS = "tenant_id, seller_id, period, metrics, calculated_at";

  JdbcMetrics(Db db, TenantId tenant) {
    super(db, tenant);
  }

  private static SellerMetricsSnapshot snapshot(Db.Row r) throws SQLException {
    return new SellerMetricsSnapshot(TenantId.of(r.str("tenant_id")), UserId.of(r.uuid("seller_id")), r.date("period"),
        JsonCodec.doubleMap(r.str("metrics")), r.instant("calculated_at"));
  }

  @Override
  public SellerMetricsSnapshot upsert(SellerMetricsSnapshot s) {
    Objects.requireNonNull(s, "snapshot");
    requireSameTenant(s.tenantId());
    db.update("INSERT INTO seller_metrics (" + COLS + ") VALUES (?, ?, ?, CAST(? AS jsonb), ?)"
            + " ON CONFLICT (tenant_id, seller_id, period) DO UPDATE SET metrics = EXCLUDED.metrics,"
            + " calculated_at = EXCLUDED.calculated_at",
        t(), s.sellerId().value(), s.period(), JsonCodec.doubleMap(s.metrics()), s.calculatedAt());
    return s;
  }

  @Override
  public Optional<SellerMetricsSnapshot> find(UserId sellerId, LocalDate day) {
    Objects.requireNonNull(sellerId, "sellerId");
    Objects.requireNonNull(day, "day");
    return db.queryOne("SELECT " + COLS + " FROM seller_metrics WHERE tenant_id = ? AND seller_id = ? AND period = ?",
        JdbcMetrics::snapshot, t(), sellerId.value(), day);
  }

  @Override
  public List<SellerMetricsSnapshot> between(Optional<UserId> sellerId, LocalDate from, LocalDate to) {
    Objects.requireNonNull(sellerId, "sellerId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    StringBuilder sql = new StringBuilder("SELECT " + COLS + " FROM seller_metrics WHERE tenant_id = ?"
        + " AND period >= ? AND period <= ?");
    List<Object> params = new ArrayList<>(List.of(t(), clampDate(from), clampDate(to)));
    sellerId.ifPresent(s -> {
      sql.append(" AND seller_id = ?");
      params.add(s.value());
    });
    sql.append(" ORDER BY period, seller_id");
    return db.query(sql.toString(), JdbcMetrics::snapshot, params.toArray());
  }

  @Override
  public int deleteBefore(LocalDate day) {
    Objects.requireNonNull(day, "day");
    return db.update("DELETE FROM seller_metrics WHERE tenant_id = ? AND period < ?", t(), clampDate(day));
  }

  /** PostgreSQL dates span 4713 BC to 5874897 AD; clamp so LocalDate.MIN/MAX work as open bounds. */
  private static LocalDate clampDate(LocalDate d) {
    LocalDate min = LocalDate.of(-4712, 1, 1);
    LocalDate max = LocalDate.of(5874896, 12, 31);
    return d.isBefore(min) ? min : d.isAfter(max) ? max : d;
  }
}
