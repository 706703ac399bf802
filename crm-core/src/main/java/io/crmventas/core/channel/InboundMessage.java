package io.crmventas.core.channel;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.contact.ContactAddress;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.MediaRef;
import io.crmventas.core.conversation.MessageType;
import io.crmventas.core.internal.Check;
import java.time.Instant;
import java.util.Optional;

/**
 * A message that arrived on a channel, in a form no channel owns: what a channel adapter
 * turns its provider's webhook into, and what the CRM stores and answers.
 *
 * <p>Content by type: {@code TEXT} has {@link #text}; media types (audio, image, video,
 * document, sticker) have {@link #media}, perhaps a {@link #caption} and perhaps a summary
 * for when there is none (the YCloud adapter writes "Sent an image"); location, contacts,
 * interactive replies and reactions have a readable {@link #summary} (and interactive replies
 * the chosen option's title as text).
 *
 * @param channel the channel's name, for example {@code whatsapp}
 * @param providerMessageId the provider's id of this message; what read receipts and typing
 *     indicators refer to (never the webhook event's id)
 * @param externalId the network's own id when the provider has a separate one (WhatsApp's
 *     {@code wamid})
 * @param customer the lead (the sender, or for an echo the recipient): phone number, channel
 *     user id (WhatsApp's business-scoped user id) or both
 * @param business the business number the message was sent to (or, for an echo, from)
 * @param customerName the name in the lead's profile, when the channel tells it
 * @param customerUsername the handle the lead shows in place of a number (a WhatsApp username),
 *     when the channel tells it; at most {@link io.crmventas.core.lead.Lead#MAX_USERNAME} characters
 * @param origin who wrote it: the customer, or the business from another app (an echo)
 * @param replyToId the provider id of the message this one replies or reacts to
 */
public record InboundMessage(
    String channel,
    String providerMessageId,
    Optional<String> externalId,
    ContactAddress customer,
    String business,
    Optional<String> customerName,
    Optional<String> customerUsername,
    Origin origin,
    Instant sentAt,
    MessageType type,
    Optional<String> text,
    Optional<MediaRef> media,
    Optional<String> caption,
    Optional<String> summary,
    Optional<Referral> referral,
    Optional<String> replyToId) {

  /** The longest profile name kept, in characters. */
  public static final int MAX_CUSTOMER_NAME = 300;
  /** The longest provider id (the message's, its external id, the one it replies to), in characters. */
  public static final int MAX_PROVIDER_ID = 300;

  /** Who wrote an inbound message. */
  public enum Origin {
    /** The lead. */
    CUSTOMER,
    /**
     * The business, from an app outside the CRM (the WhatsApp Business app on the phone). Stored
     * as a seller's message and never answered.
     */
    BUSINESS_ECHO
  }

  public InboundMessage {
    Conversation.checkChannel(channel);
    providerMessageId = Check.text("providerMessageId", providerMessageId, MAX_PROVIDER_ID);
    externalId = Check.optionalText("externalId", externalId, MAX_PROVIDER_ID);
    Check.notNull("customer", customer);
    business = Check.text("business", business, 100);
    customerName = Check.optionalText("customerName", customerName, MAX_CUSTOMER_NAME);
    customerUsername = Check.optionalText("customerUsername", customerUsername,
        io.crmventas.core.lead.Lead.MAX_USERNAME);
    Check.notNull("origin", origin);
    sentAt = Check.instant("sentAt", sentAt);
    Check.notNull("type", type);
    text = Check.optional("text", text);
    Check.optional("media", media);
    caption = Check.optional("caption", caption);
    summary = Check.optional("summary", summary);
    Check.optional("referral", referral);
    replyToId = Check.optionalText("replyToId", replyToId, MAX_PROVIDER_ID);
    if (type == MessageType.TEXT && text.filter(t -> !t.isBlank()).isEmpty()) {
      throw new InvalidInputException("text", null, "is required for a text message");
    }
    if (type.hasMedia() && media.isEmpty()) {
      throw new InvalidInputException("media", null, "is required for a " + type + " message");
    }
  }

  /** Whether the lead wrote it (not an echo of the business's own message). */
  public boolean fromCustomer() {
    return origin == Origin.CUSTOMER;
  }

  /**
   * The message as one line of text for people and the assistant: the text, else the caption,
   * else the summary; empty for media without a caption.
   */
  public Optional<String> readableText() {
    return text.or(() -> caption).or(() -> summary);
  }

  /** A builder for the fields every message has; set the content on it. */
  public static Builder builder(String channel, String providerMessageId, ContactAddress customer, String business,
      Instant sentAt, MessageType type) {
    return new Builder(channel, providerMessageId, customer, business, sentAt, type);
  }

  /** Like {@link #builder(String, String, ContactAddress, String, Instant, MessageType)}, for a customer known by phone. */
  public static Builder builder(String channel, String providerMessageId, PhoneNumber customer, String business,
      Instant sentAt, MessageType type) {
    return builder(channel, providerMessageId, customer == null ? null : ContactAddress.of(customer), business,
        sentAt, type);
  }

  /** Builds an {@link InboundMessage}; validated in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private final String channel;
    private final String providerMessageId;
    private final ContactAddress customer;
    private final String business;
    private final Instant sentAt;
    private final MessageType type;
    private Optional<String> externalId = Optional.empty();
    private Optional<String> customerName = Optional.empty();
    private Optional<String> customerUsername = Optional.empty();
    private Origin origin = Origin.CUSTOMER;
    private Optional<String> text = Optional.empty();
    private Optional<MediaRef> media = Optional.empty();
    private Optional<String> caption = Optional.empty();
    private Optional<String> summary = Optional.empty();
    private Optional<Referral> referral = Optional.empty();
    private Optional<String> replyToId = Optional.empty();

    private Builder(String channel, String providerMessageId, ContactAddress customer, String business, Instant sentAt,
        MessageType type) {
      this.channel = channel;
      this.providerMessageId = providerMessageId;
      this.customer = customer;
      this.business = business;
      this.sentAt = sentAt;
      this.type = type;
    }

    public Builder externalId(String v) {
      externalId = Optional.ofNullable(v);
      return this;
    }

    public Builder customerName(String v) {
      customerName = Optional.ofNullable(v);
      return this;
    }

    public Builder customerUsername(String v) {
      customerUsername = Optional.ofNullable(v);
      return this;
    }

    public Builder origin(Origin v) {
      origin = v;
      return this;
    }

    public Builder text(String v) {
      text = Optional.ofNullable(v);
      return this;
    }

    public Builder media(MediaRef v) {
      media = Optional.ofNullable(v);
      return this;
    }

    public Builder caption(String v) {
      caption = Optional.ofNullable(v);
      return this;
    }

    public Builder summary(String v) {
      summary = Optional.ofNullable(v);
      return this;
    }

    public Builder referral(Referral v) {
      referral = Optional.ofNullable(v);
      return this;
    }

    public Builder replyToId(String v) {
      replyToId = Optional.ofNullable(v);
      return this;
    }

    public InboundMessage build() {
      return new InboundMessage(channel, providerMessageId, externalId, customer, business, customerName,
          customerUsername, origin,
          sentAt, type, text, media, caption, summary, referral, replyToId);
    }
  }
}
