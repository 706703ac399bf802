package io.crmventas.ycloud.webhook;

/**
 * The delivery contract on PostgreSQL with Redis as the deduplicator and group commit: claims,
 * inserts and stored marks of concurrent deliveries go in batches.
 */
class PostgresRedisGroupCommitWebhookDeliveryIT extends PostgresRedisWebhookDeliveryIT {
  @Override
  protected WebhookHandler.Builder configure(WebhookHandler.Builder builder) {
    return builder.groupCommit(64, 2);
  }
}
