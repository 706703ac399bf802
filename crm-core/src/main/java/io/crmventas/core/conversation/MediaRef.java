package io.crmventas.core.conversation;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import java.util.Optional;

/**
 * Where a message's media lives: the provider's media id and/or a download URL, with what is
 * known about the file.
 */
public record MediaRef(
    Optional<String> providerMediaId,
    Optional<String> url,
    Optional<String> mimeType,
    Optional<String> filename,
    Optional<Long> sizeBytes,
    Optional<String> sha256) {

  /** The longest values kept, in characters (after stripping). */
  public static final int MAX_PROVIDER_MEDIA_ID = 300;
  public static final int MAX_URL = 4000;
  public static final int MAX_MIME_TYPE = 200;
  public static final int MAX_FILENAME = 500;
  public static final int MAX_SHA256 = 128;

  public MediaRef {
    providerMediaId = Check.optionalText("media.providerMediaId", providerMediaId, MAX_PROVIDER_MEDIA_ID);
    url = Check.optionalText("media.url", url, MAX_URL);
    mimeType = Check.optionalText("media.mimeType", mimeType, MAX_MIME_TYPE);
    filename = Check.optionalText("media.filename", filename, MAX_FILENAME);
    Check.optional("media.sizeBytes", sizeBytes);
    sizeBytes.ifPresent(s -> Check.atLeast("media.sizeBytes", s, 0));
    sha256 = Check.optionalText("media.sha256", sha256, MAX_SHA256);
    if (providerMediaId.isEmpty() && url.isEmpty()) {
      throw new InvalidInputException("media", null, "needs a provider media id or a url");
    }
  }

  /** Media known by URL and type only. */
  public static MediaRef ofUrl(String url, String mimeType) {
    return new MediaRef(Optional.empty(), Optional.of(url), Optional.ofNullable(mimeType),
        Optional.empty(), Optional.empty(), Optional.empty());
  }
}
