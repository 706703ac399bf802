package io.crmventas.core.conversation;

/** Whether a conversation is being worked. */
public enum ConversationStatus {
  OPEN,
  CLOSED
}
