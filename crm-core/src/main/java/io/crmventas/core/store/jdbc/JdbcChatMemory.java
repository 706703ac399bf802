package io.crmventas.core.store.jdbc;

import io.crmventas.core.memory.ChatMemory;
import io.crmventas.core.memory.ChatMemoryStore;
import io.crmventas.core.tenant.TenantId;
import java.util.Objects;
import java.util.Optional;

final class JdbcChatMemory extends JdbcScoped implements ChatMemoryStore {
  JdbcChatMemory(Db db, TenantId tenant) {
    super(db, tenant);
  }

  @Override
  public Optional<ChatMemory> find(String id) {
    // The same form save keeps: " c1 " finds what was saved as "c1".
    String memoryId = io.crmventas.core.internal.Check.text("memoryId", id, 200);
    return db.queryOne("SELECT memory_id, payload, updated_at FROM chat_memory WHERE tenant_id = ? AND memory_id = ?",
        r -> new ChatMemory(tenant, r.str("memory_id"), r.str("payload"), r.instant("updated_at")), t(), memoryId);
  }

  @Override
  public ChatMemory save(ChatMemory m) {
    Objects.requireNonNull(m, "memory");
    requireSameTenant(m.tenantId());
    db.update("INSERT INTO chat_memory (tenant_id, memory_id, payload, updated_at) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT (tenant_id, memory_id) DO UPDATE SET payload = EXCLUDED.payload, updated_at = EXCLUDED.updated_at",
        t(), m.memoryId(), m.payload(), m.updatedAt());
    return m;
  }

  @Override
  public boolean delete(String id) {
    String memoryId = io.crmventas.core.internal.Check.text("memoryId", id, 200);
    return db.update("DELETE FROM chat_memory WHERE tenant_id = ? AND memory_id = ?", t(), memoryId) == 1;
  }
}
