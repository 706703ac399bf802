package io.crmventas.core.store.memory;

import io.crmventas.core.memory.ChatMemory;
import io.crmventas.core.memory.ChatMemoryStore;
import io.crmventas.core.tenant.TenantId;
import java.util.Objects;
import java.util.Optional;

final class MemChatMemory extends MemScoped implements ChatMemoryStore {
  MemChatMemory(MemoryDb db, TenantId tenant) {
    super(db, tenant);
  }

  @Override
  public Optional<ChatMemory> find(String id) {
    // The same form save keeps: " c1 " finds what was saved as "c1".
    String memoryId = io.crmventas.core.internal.Check.text("memoryId", id, 200);
    return readOptional(d -> Optional.ofNullable(d.chatMemory.get(memoryId)));
  }

  @Override
  public ChatMemory save(ChatMemory memory) {
    Objects.requireNonNull(memory, "memory");
    requireSameTenant(memory.tenantId());
    return write(d -> {
      db.put(d.chatMemory, memory.memoryId(), memory);
      return memory;
    });
  }

  @Override
  public boolean delete(String id) {
    String memoryId = io.crmventas.core.internal.Check.text("memoryId", id, 200);
    return write(d -> {
      boolean existed = d.chatMemory.containsKey(memoryId);
      db.remove(d.chatMemory, memoryId);
      return existed;
    });
  }
}
