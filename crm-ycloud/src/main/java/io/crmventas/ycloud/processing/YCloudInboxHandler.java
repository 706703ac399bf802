package io.crmventas.ycloud.processing;

import io.crmventas.core.channel.InboundRecorder;
import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxProcessor;
import io.crmventas.core.store.CrmStore;
import io.crmventas.ycloud.webhook.StatusUpdate;
import io.crmventas.ycloud.webhook.YCloudEvent;
import io.crmventas.ycloud.webhook.YCloudEventParser;
import java.util.Objects;
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

  private final CrmStore store;
  private final InboundRecorder recorder;
  private final YCloudEventParser parser = new YCloudEventParser();

  public YCloudInboxHandler(CrmStore store, InboundRecorder recorder) {
    this.store = Objects.requireNonNull(store, "store");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
  }

  @Override
  public void handle(InboxEvent event) {
    YCloudEvent parsed = parser.parse(event.payload());
    if (parsed instanceof YCloudEvent.InboundMessageReceived in) {
      recorder.record(event.tenantId(), in.message());
    } else if (parsed instanceof YCloudEvent.BusinessEcho echo) {
      recorder.record(event.tenantId(), echo.message());
    } else if (parsed instanceof YCloudEvent.MessageUpdated updated) {
      status(event, updated.update());
    } else {
      LOG.debug("tenant={} nothing to do for {}", event.tenantId(), parsed.type());
    }
  }

  private void status(InboxEvent event, StatusUpdate u) {
    if (u.deliveryStatus().isEmpty()) {
      LOG.info("tenant={} status '{}' of message {} is not tracked", event.tenantId(), u.status(), u.messageId());
      return;
    }
    boolean known = store.tenant(event.tenantId()).messages()
        .advanceDeliveryStatus(u.messageId(), u.deliveryStatus().get()).isPresent();
    if (!known) {
      LOG.debug("tenant={} status update for message {} not sent by the CRM", event.tenantId(), u.messageId());
    }
  }
}
