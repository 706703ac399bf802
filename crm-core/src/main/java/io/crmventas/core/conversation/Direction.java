package io.crmventas.core.conversation;

/** Whether a message came from the lead or went to them. */
public enum Direction {
  INBOUND,
  OUTBOUND
}
