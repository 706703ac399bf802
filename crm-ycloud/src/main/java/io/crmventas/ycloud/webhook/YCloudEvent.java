package io.crmventas.ycloud.webhook;

import io.crmventas.core.channel.InboundMessage;
import io.crmventas.core.channel.ContactChange;
import java.time.Instant;
import java.util.Optional;

/**
 * A YCloud webhook event, parsed: the envelope ({@code id}, {@code type}, {@code createTime})
 * and, for the types the CRM uses, their content. Parse with {@link YCloudEventParser}.
 */
public sealed interface YCloudEvent {
  /** {@code whatsapp.inbound_message.received}. */
  String INBOUND_MESSAGE = "whatsapp.inbound_message.received";
  /** {@code whatsapp.smb.message.echoes}. */
  String BUSINESS_ECHO = "whatsapp.smb.message.echoes";
  /** {@code whatsapp.message.updated}. */
  String MESSAGE_UPDATED = "whatsapp.message.updated";

  /** The event's id: YCloud's delivery identifier, the same on every retry. */
  String id();

  /** The event type. */
  String type();

  /** When YCloud created the event. */
  Instant createTime();

  /**
   * The business's own WhatsApp number the event concerns (the number written to, or sent from),
   * as YCloud wrote it, when the event names one. An account's webhook endpoints receive the events
   * of every number of the account; this says which.
   */
  default Optional<String> businessNumber() {
    return Optional.empty();
  }

  /** Whether the CRM keeps this event (everything but {@link Unsupported}). */
  default boolean worthStoring() {
    return !(this instanceof Unsupported);
  }

  /** A lead wrote to the business. */
  record InboundMessageReceived(String id, String type, Instant createTime, InboundMessage message)
      implements YCloudEvent {
    @Override
    public Optional<String> businessNumber() {
      return Optional.of(message.business());
    }
  }

  /** The business wrote to a lead from the WhatsApp Business app; to be stored, never answered. */
  record BusinessEcho(String id, String type, Instant createTime, InboundMessage message) implements YCloudEvent {
    @Override
    public Optional<String> businessNumber() {
      return Optional.of(message.business());
    }
  }

  /**
   * A message the business sent changed status.
   *
   * @param businessNumber the number it was sent from ({@code whatsappMessage.from}), when given
   */
  record MessageUpdated(String id, String type, Instant createTime, StatusUpdate update,
      Optional<String> businessNumber) implements YCloudEvent {}

  /**
   * A message from (or, for an echo, to) a WhatsApp user that the event names by neither phone
   * number nor business-scoped user id, so no lead can be found or made for it. Stored, so that
   * nothing is lost; on the worker it ends dead-lettered.
   *
   * @param messageType the message's own type ({@code text}, {@code image}...)
   * @param businessNumber the business's number it was written to (or sent from), when given
   */
  record Unidentified(String id, String type, Instant createTime, String messageType, Optional<String> businessNumber)
      implements YCloudEvent {}

  /**
   * A {@code system} message: WhatsApp telling the business something about the user, not something
   * the lead wrote. Stored, never recorded as the lead's message or answered.
   *
   * <p>Two kinds move the user's lead ({@code change}): {@link #USER_ID_CHANGED} (previous user id
   * {@code system.previous_user_id}, new one {@code fromUserId}) and {@link #NUMBER_CHANGED} (old
   * number {@code from} and old user id {@code system.previous_user_id}; new number
   * {@code system.wa_id} and new user id {@code fromUserId}, when it differs from the old one).
   * A notice of either kind without the values that make a change has none, and other kinds are
   * logged only.
   *
   * @param noticeType {@code system.type}, for example {@code user_changed_number}
   * @param change the address the user had and the one they have now, for the two kinds above
   * @param businessNumber the business's number the notice came to ({@code to}), when given
   */
  record SystemNotice(String id, String type, Instant createTime, String noticeType, Optional<ContactChange> change,
      Optional<String> businessNumber) implements YCloudEvent {
    /** The user's business-scoped user id changed (their number did not). */
    public static final String USER_ID_CHANGED = "user_changed_user_id";
    /** The user changed their phone number, which also gives them a new business-scoped user id. */
    public static final String NUMBER_CHANGED = "user_changed_number";
  }

  /** An authentic event of a type the CRM does not use. */
  record Unsupported(String id, String type, Instant createTime) implements YCloudEvent {}
}
