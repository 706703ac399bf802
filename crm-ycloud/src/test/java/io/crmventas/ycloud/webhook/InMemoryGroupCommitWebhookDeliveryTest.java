package io.crmventas.ycloud.webhook;

/** The delivery contract in memory with group commit: deliveries stored in batches. */
class InMemoryGroupCommitWebhookDeliveryTest extends InMemoryWebhookDeliveryTest {
  @Override
  protected WebhookHandler.Builder configure(WebhookHandler.Builder builder) {
    return builder.groupCommit(64, 2);
  }
}
