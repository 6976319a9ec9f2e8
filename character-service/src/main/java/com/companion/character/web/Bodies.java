package com.companion.character.web;

import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.PlatformProblem;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * Reads request bodies as bytes with a hard size limit. Cards and images are parsed by this
 * service's own strict readers, not by the framework's codecs, so the limit, the UTF-8 check and
 * every error message are ours.
 */
public final class Bodies {

  private Bodies() {}

  /** The whole body, or a 413 problem once it passes {@code maxBytes}. */
  public static Mono<byte[]> read(ServerHttpRequest request, int maxBytes) {
    long declared = request.getHeaders().getContentLength();
    if (declared > maxBytes) {
      return Mono.error(tooLarge(maxBytes));
    }
    return DataBufferUtils.join(request.getBody(), maxBytes)
        .map(
            buffer -> {
              byte[] bytes = new byte[buffer.readableByteCount()];
              buffer.read(bytes);
              DataBufferUtils.release(buffer);
              return bytes;
            })
        .onErrorMap(
            org.springframework.core.io.buffer.DataBufferLimitException.class,
            e -> tooLarge(maxBytes))
        .defaultIfEmpty(new byte[0]);
  }

  /** Insists on one of the given media types (parameters such as charset are ignored). */
  public static MediaType requireType(ServerHttpRequest request, MediaType... allowed) {
    MediaType type = request.getHeaders().getContentType();
    if (type != null) {
      for (MediaType candidate : allowed) {
        if (type.isConcrete() && candidate.isCompatibleWith(type)) {
          return new MediaType(type.getType(), type.getSubtype());
        }
      }
    }
    throw PlatformProblem.of(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        ProblemType.UNSUPPORTED_MEDIA_TYPE,
        "Content-Type must be one of " + java.util.List.of(allowed));
  }

  static PlatformProblem tooLarge(int maxBytes) {
    return PlatformProblem.of(
            HttpStatus.CONTENT_TOO_LARGE,
            ProblemType.PAYLOAD_TOO_LARGE,
            "the body is larger than " + maxBytes + " bytes")
        .with("limit", maxBytes);
  }
}
