package com.companion.character.avatar;

import com.companion.character.card.png.MalformedPngException;
import com.companion.character.card.png.PngFile;
import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.PlatformProblem;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * A checked avatar image: PNG, JPEG or WebP whose bytes really are what the Content-Type says.
 * Images are stored and served as they came (never re-encoded); serving them with their own type
 * and {@code nosniff} keeps a disguised HTML or SVG file from ever rendering.
 */
public record AvatarImage(MediaType contentType, byte[] bytes, String sha256) {

  public static final MediaType WEBP = MediaType.parseMediaType("image/webp");
  public static final Set<MediaType> ALLOWED =
      Set.of(MediaType.IMAGE_PNG, MediaType.IMAGE_JPEG, WEBP);

  /** Checks the bytes against the declared type; 400 when they do not match. */
  public static AvatarImage of(MediaType declared, byte[] bytes) {
    boolean matches =
        switch (declared.getSubtype()) {
          case "png" -> isPng(bytes);
          case "jpeg" ->
              bytes.length > 3
                  && (bytes[0] & 0xff) == 0xff
                  && (bytes[1] & 0xff) == 0xd8
                  && (bytes[2] & 0xff) == 0xff;
          case "webp" ->
              bytes.length > 12
                  && new String(bytes, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1)
                      .equals("RIFF")
                  && new String(bytes, 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1)
                      .equals("WEBP");
          default -> false;
        };
    if (!matches) {
      throw PlatformProblem.of(
          HttpStatus.BAD_REQUEST,
          ProblemType.custom("invalid-image", "The image is not what its Content-Type says"),
          "the body is not a valid " + declared + " image");
    }
    return new AvatarImage(declared, bytes, sha256(bytes));
  }

  public static AvatarImage png(byte[] bytes) {
    return of(MediaType.IMAGE_PNG, bytes);
  }

  private static boolean isPng(byte[] bytes) {
    try {
      PngFile.read(bytes);
      return true;
    } catch (MalformedPngException e) {
      return false;
    }
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
