package io.crmventas.core.store.jdbc;

import io.crmventas.core.internal.Keyset;
import io.crmventas.core.internal.Keyset.Order;
import io.crmventas.core.internal.Scope;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.util.ArrayList;
import java.util.List;

/** Base of the tenant-bound JDBC stores. Every statement they run filters on {@link #tenant}. */
abstract class JdbcScoped {
  final Db db;
  final TenantId tenant;

  JdbcScoped(Db db, TenantId tenant) {
    this.db = db;
    this.tenant = tenant;
  }

  String t() {
    return tenant.value();
  }

  void requireSameTenant(TenantId entityTenant) {
    Scope.sameTenant(tenant, entityTenant);
  }

  void requireMember(String field, UserId user) {
    if (db.queryLong("SELECT count(*) FROM memberships WHERE tenant_id = ? AND user_id = ?", t(), user.value()) == 0) {
      throw Scope.notMember(field, user, tenant);
    }
  }

  /**
   * Runs a keyset page query: {@code sql} must end with the ORDER BY of {@code order} and
   * take the limit as its last parameter; one extra row is fetched to know if a next page
   * exists.
   */
  <T, K> Page<T> page(Order<T, K> order, PageRequest request, String sql, Db.RowMapper<T> mapper, List<Object> params) {
    List<Object> all = new ArrayList<>(params);
    all.add(request.limit() + 1);
    List<T> rows = db.query(sql + " LIMIT ?", mapper, all.toArray());
    return Keyset.pageOf(rows, request.limit(), order::cursorOf);
  }

  /** Escapes LIKE wildcards so user text matches literally (with {@code ESCAPE '\'}). */
  static String likeContains(String text) {
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }
}
