package io.crmventas.core.memory;

import java.util.Optional;

/** One tenant's assistant memories, by memory id. Thread-safe. */
public interface ChatMemoryStore {

  /** The memory stored under {@code memoryId}, if any. */
  Optional<ChatMemory> find(String memoryId);

  /** Stores {@code memory}, replacing what was under its id. */
  ChatMemory save(ChatMemory memory);

  /** Deletes the memory; returns whether it existed. */
  boolean delete(String memoryId);
}
