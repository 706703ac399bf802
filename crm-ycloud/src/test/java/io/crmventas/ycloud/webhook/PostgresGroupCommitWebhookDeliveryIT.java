package io.crmventas.ycloud.webhook;

import io.crmventas.core.inbox.GroupCommitInboxWriter;
import io.crmventas.core.inbox.InboxWriter;
import io.crmventas.core.store.CrmStore;

/** The delivery contract on PostgreSQL with concurrent deliveries committed together. */
class PostgresGroupCommitWebhookDeliveryIT extends PostgresWebhookDeliveryIT {
  @Override
  protected InboxWriter createInboxWriter(CrmStore store) {
    return new GroupCommitInboxWriter(store.inbox(), 64);
  }
}
