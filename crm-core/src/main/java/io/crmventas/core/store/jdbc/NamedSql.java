package io.crmventas.core.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL with named parameters ({@code :name}), turned into JDBC's positional {@code ?} and the
 * matching parameter list. A name may appear many times. Casts ({@code ::type}) are left alone;
 * the SQL must not contain string literals with colons.
 */
record NamedSql(String sql, Object[] params) {
  private static final Pattern NAME = Pattern.compile("(?<![:\\w]):([a-zA-Z_][a-zA-Z0-9_]*)");

  static NamedSql of(String sql, Map<String, ?> values) {
    Matcher m = NAME.matcher(sql);
    StringBuilder out = new StringBuilder(sql.length());
    List<Object> params = new ArrayList<>();
    while (m.find()) {
      String name = m.group(1);
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException("no value for SQL parameter :" + name);
      }
      params.add(values.get(name));
      m.appendReplacement(out, "?");
    }
    m.appendTail(out);
    return new NamedSql(out.toString(), params.toArray());
  }
}
