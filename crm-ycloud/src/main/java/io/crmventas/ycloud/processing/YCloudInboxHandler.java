package io.crmventas.ycloud.processing;

import io.crmventas.core.CrmException;
import io.crmventas.core.RetriableException;
import io.crmventas.core.channel.ContactChange;
import io.crmventas.core.channel.InboundMessage;
import io.crmventas.core.channel.InboundRecorder;
import io.crmventas.core.channel.TurnAssembler;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.conversation.MessageStore;
import io.crmventas.core.conversation.MessageType;
import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxProcessor;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.ycloud.media.AudioTranscription;
import io.crmventas.ycloud.media.UnusableMediaException;
import io.crmventas.ycloud.webhook.BusinessNumbers;
import io.crmventas.ycloud.webhook.StatusUpdate;
import io.crmventas.ycloud.webhook.YCloudEvent;
import io.crmventas.ycloud.webhook.YCloudEventParser;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes stored YCloud events, for an {@link InboxProcessor} registered under the provider
 * {@code ycloud}: inbound messages and business-app echoes are recorded by the
 * {@link InboundRecorder} (lead, conversation, message; echoes as the seller's and never
 * answered), status updates move the outbound message's delivery status forward only (a late
 * "delivered" never undoes "read"). Processing an event again changes nothing. Thread-safe.
 */
public final class YCloudInboxHandler implements InboxProcessor.Handler {
  private static final Logger LOG = LoggerFactory.getLogger(YCloudInboxHandler.class);

  /**
   * Attempts given to a status update whose message is not stored (yet) before it is dropped: a
   * status that overtook its send is applied on a later attempt, with the worker's backoff.
   */
  public static final int STATUS_TRIES = 2;

  private final CrmStore store;
  private final InboundRecorder recorder;
  private final Optional<AudioTranscription> audio;
  private final Optional<TurnAssembler> turns;
  private final YCloudEventParser parser = new YCloudEventParser();

  /** A handler that stores voice notes without transcribing them. */
  public YCloudInboxHandler(CrmStore store, InboundRecorder recorder) {
    this(store, recorder, Optional.empty());
  }

  /**
   * A handler that also transcribes the leads' voice notes: a failed download or transcription
   * fails the attempt (the worker retries it; the message is already stored and is not stored
   * again), and from attempt {@link AudioTranscription#attempts()} on the marker is kept instead.
   * Media no retry can use ({@link UnusableMediaException}: over the size limit, gone, audio
   * the service refuses as such) keeps the marker at once.
   */
  public YCloudInboxHandler(CrmStore store, InboundRecorder recorder, Optional<AudioTranscription> audio) {
    this(store, recorder, audio, Optional.empty());
  }

  /**
   * A handler that also hands each of the lead's messages (voice notes once transcribed) to
   * {@code turns}, which publishes a turn when the lead's burst ends.
   */
  public YCloudInboxHandler(CrmStore store, InboundRecorder recorder, Optional<AudioTranscription> audio,
      Optional<TurnAssembler> turns) {
    this.store = Objects.requireNonNull(store, "store");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.audio = Objects.requireNonNull(audio, "audio");
    this.turns = Objects.requireNonNull(turns, "turns");
  }

  @Override
  public void handle(InboxEvent event) {
    // Summaries (locations, contacts, reactions, buttons) read in the tenant's language; status
    // updates, the most frequent events, have none and skip the tenant's lookup.
    Optional<Tenant> tenant = event.eventType().equals(YCloudEvent.MESSAGE_UPDATED) ? Optional.empty()
        : store.tenants().find(event.tenantId());
    YCloudEvent parsed = parser.parse(event.payload(), tenant.map(Tenant::locale).orElse(Locale.ENGLISH));
    if (!(parsed instanceof YCloudEvent.MessageUpdated) && !ours(tenant, parsed.businessNumber(), event)) {
      return;
    }
    if (parsed instanceof YCloudEvent.InboundMessageReceived in) {
      // A later attempt publishes the message's events again: an earlier one may have died after
      // committing and before publishing.
      InboundRecorder.Recorded r = recorder.record(event.tenantId(), in.message(), again(event));
      Message message = r.message();
      if (in.message().type() == MessageType.AUDIO && message.transcript().isEmpty() && audio.isPresent()) {
        message = transcribe(event, message, audio.get());
      }
      Message stored = message;
      // A message stored before is announced again only by a later attempt of its own event (the
      // first may have died before announcing it), not by the same message in another event (one
      // redelivered after its inbox row was purged), whose turn was published long ago.
      if (r.newMessage() || again(event)) {
        turns.ifPresent(t -> t.messageArrived(stored));
      }
    } else if (parsed instanceof YCloudEvent.BusinessEcho echo) {
      recorder.record(event.tenantId(), echo.message(), again(event));
    } else if (parsed instanceof YCloudEvent.MessageUpdated updated) {
      status(event, updated.update());
    } else if (parsed instanceof YCloudEvent.SystemNotice notice) {
      systemNotice(event, notice);
    } else if (parsed instanceof YCloudEvent.Unidentified u) {
      // Kept in the inbox (retried, then dead-lettered with this error) rather than dropped.
      throw new CrmException("the " + u.messageType() + " message of event " + u.id() + " names the user by neither"
          + " phone number nor business-scoped user id, so it belongs to no lead");
    } else {
      LOG.debug("tenant={} nothing to do for {}", event.tenantId(), parsed.type());
    }
  }

  /**
   * Whether the event was written to (or, for an echo, sent from) the tenant's own WhatsApp
   * number, when the tenant has one and the event names one: a YCloud webhook endpoint receives
   * the events of every number of the account, so an account shared by several tenants would
   * otherwise record one tenant's leads (and their number changes) under another.
   * {@link io.crmventas.ycloud.webhook.WebhookHandler} does not store such events; this catches
   * those stored before, or by a handler told not to check. Such an event is logged and left alone.
   */
  private static boolean ours(Optional<Tenant> tenant, Optional<String> business, InboxEvent event) {
    Optional<PhoneNumber> number = tenant.flatMap(Tenant::whatsappNumber);
    if (number.isEmpty() || business.isEmpty() || BusinessNumbers.same(business.get(), number.get().value())) {
      return true;
    }
    LOG.warn("tenant={} YCloud event {} is for another business number than the tenant's: not recorded (the raw"
        + " event stays in the inbox until purged; check the tenant's whatsappNumber)",
        event.tenantId(), event.eventId());
    return false;
  }

  /**
   * Whether an earlier attempt of {@code event} may have died after committing and before
   * announcing: any attempt but the first, and also the first one after {@code TenantInbox.retry}
   * put a dead letter back (it counts attempts from zero again, and keeps the last error).
   */
  private static boolean again(InboxEvent event) {
    return event.attempts() > 1 || event.lastError().isPresent();
  }

  /**
   * A changed number or user id moves the user's lead to the new one
   * ({@link InboundRecorder#recordContactChange}), so the user's next messages find it; other
   * notices are logged. A lead that keeps changing concurrently fails the attempt, and the worker
   * tries again.
   */
  private void systemNotice(InboxEvent event, YCloudEvent.SystemNotice notice) {
    if (notice.change().isEmpty()) {
      LOG.info("tenant={} WhatsApp system notice '{}' in event {}: nothing to record", event.tenantId(),
          notice.noticeType(), notice.id());
      return;
    }
    ContactChange.Applied applied = recorder.recordContactChange(event.tenantId(), notice.change().get(),
        again(event));
    LOG.info("tenant={} WhatsApp system notice '{}' in event {}: {}{}", event.tenantId(), notice.noticeType(),
        notice.id(), applied.outcome(), applied.lead().map(l -> " (lead " + l.id() + ")").orElse(""));
  }

  private Message transcribe(InboxEvent event, Message message, AudioTranscription audio) {
    String text;
    try {
      text = audio.transcribe(message.media().orElseThrow());
    } catch (RuntimeException e) {
      boolean unusable = e instanceof UnusableMediaException;
      if (!unusable && event.attempts() < audio.attempts()) {
        throw e;
      }
      LOG.warn("tenant={} message {} kept without transcript after {} tries ({}): {}", event.tenantId(), message.id(),
          event.attempts(), unusable ? "unusable media" : "out of tries", e.toString());
      text = AudioTranscription.FAILED_MARKER;
    }
    // U+0000 no store keeps (a model may emit it): dropped rather than failing the voice note.
    String clean = io.crmventas.core.internal.Check.withoutNul(text);
    MessageStore messages = store.tenant(event.tenantId()).messages();
    if (text.equals(AudioTranscription.FAILED_MARKER) || clean.isBlank()) {
      // A marker never replaces a transcript another worker stored meanwhile (the same message
      // handled twice: a lost lease, or another event with it).
      return messages.setTranscriptIfAbsent(message.id(),
          clean.isBlank() ? AudioTranscription.NO_SPEECH_MARKER : AudioTranscription.FAILED_MARKER);
    }
    return messages.setTranscript(message.id(), clean);
  }

  private void status(InboxEvent event, StatusUpdate u) {
    if (u.deliveryStatus().isEmpty()) {
      LOG.info("tenant={} status '{}' of message {} is not tracked", event.tenantId(), u.status(), u.messageId());
      return;
    }
    boolean known = recorder.recordDeliveryStatus(event.tenantId(), u.messageId(), u.deliveryStatus().get(),
        u.failure()).isPresent();
    if (known) {
      return;
    }
    // A status can overtake the send it reports on (the provider's webhook arrives before the
    // sender recorded the provider's id): try again a little later before giving up on it.
    if (event.attempts() < STATUS_TRIES) {
      throw new RetriableException("no message with provider id " + u.messageId() + " yet; status '" + u.status()
          + "' tried again, " + (STATUS_TRIES - event.attempts()) + " more time(s)", null);
    }
    LOG.info("tenant={} status '{}' of message {} dropped: no message with that provider id (not sent by the CRM)",
        event.tenantId(), u.status(), u.messageId());
  }
}
