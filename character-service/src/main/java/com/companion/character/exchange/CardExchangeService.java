package com.companion.character.exchange;

import com.companion.character.CharacterProperties;
import com.companion.character.avatar.AvatarImage;
import com.companion.character.avatar.AvatarService;
import com.companion.character.card.CardJson;
import com.companion.character.card.CardPng;
import com.companion.character.card.CardReader;
import com.companion.character.card.CardWriter;
import com.companion.character.card.CharacterCard;
import com.companion.character.card.png.PngFile;
import com.companion.character.character.CharacterRow;
import com.companion.character.character.CharacterService;
import com.companion.character.character.CharacterView;
import com.companion.character.character.Visibility;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.PlatformProblem;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.UUID;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;

/**
 * Import and export of Character Card files: V1/V2/V3 JSON, and PNG images carrying the card in
 * {@code ccv3} / {@code chara} text chunks. Import is tolerant of what it reads (see {@link
 * CardReader}) and strict about what it stores (the same limits as the API).
 */
@Service
public class CardExchangeService {

  /** Largest avatar converted to PNG for export: 4096 x 4096. */
  static final long MAX_CONVERTED_PIXELS = 4096L * 4096L;

  private final CharacterService characters;
  private final AvatarService avatars;
  private final CharacterProperties properties;

  public CardExchangeService(
      CharacterService characters, AvatarService avatars, CharacterProperties properties) {
    this.characters = characters;
    this.avatars = avatars;
    this.properties = properties;
  }

  /** Creates a character from a card file; a PNG's image (minus its card) becomes the avatar. */
  public CharacterView importCard(
      PlatformPrincipal principal, MediaType type, byte[] body, Visibility visibility) {
    if (body.length == 0) {
      throw PlatformProblem.badRequest("the body is empty");
    }
    CharacterCard card;
    AvatarImage avatar = null;
    // a file upload without a precise type is recognised by its first bytes
    boolean png =
        MediaType.IMAGE_PNG.equalsTypeAndSubtype(type)
            || (MediaType.APPLICATION_OCTET_STREAM.equalsTypeAndSubtype(type)
                && PngFile.hasSignature(body));
    if (png) {
      CardPng.Extracted extracted = CardPng.extract(body);
      card = CardReader.readCardFile(extracted.card());
      if (extracted.image().length <= properties.maxAvatarBytes()) {
        avatar = AvatarImage.png(extracted.image());
      }
    } else {
      card = CardReader.readCardFile(CardJson.parseObject(body));
    }
    characters.validate(card);
    AvatarImage image = avatar;
    return characters.create(
        principal,
        new CharacterService.Draft(card, visibility),
        image == null ? null : (id, now) -> avatars.attach(id, image, now));
  }

  public enum Format {
    JSON,
    PNG
  }

  public record Exported(byte[] bytes, MediaType type, String fileName) {}

  /**
   * The card of the latest (or a given) version. JSON is V3 unless {@code spec=v2}; PNG carries
   * both chunks and the character's avatar as the picture (JPEG avatars are converted; WebP, which
   * the JDK cannot decode, and missing avatars give a plain placeholder).
   */
  public Exported export(
      PlatformPrincipal principal, UUID id, Format format, String spec, Integer version) {
    CharacterRow row = characters.readable(principal, id);
    int number = version == null ? row.latestVersion() : version;
    CharacterService.StoredVersion stored = characters.card(id, number);
    String baseName = fileName(stored.card().name());
    if (format == Format.JSON) {
      boolean v2 = "v2".equals(spec);
      if (spec != null && !v2 && !"v3".equals(spec)) {
        throw PlatformProblem.badRequest("spec must be v2 or v3").with("field", "spec");
      }
      byte[] json =
          CardJson.writeBytes(
              v2
                  ? CardWriter.v2(stored.card())
                  : CardWriter.v3(stored.card(), row.createdAt(), stored.createdAt()));
      return new Exported(json, MediaType.APPLICATION_JSON, baseName + ".json");
    }
    byte[] png =
        CardPng.embed(
            pngAvatar(avatars.find(id)).orElse(null),
            stored.card(),
            row.createdAt(),
            stored.createdAt());
    return new Exported(png, MediaType.IMAGE_PNG, baseName + ".png");
  }

  private static Optional<byte[]> pngAvatar(Optional<AvatarImage> avatar) {
    if (avatar.isEmpty()) {
      return Optional.empty();
    }
    AvatarImage image = avatar.get();
    if (MediaType.IMAGE_PNG.equalsTypeAndSubtype(image.contentType())) {
      return Optional.of(image.bytes());
    }
    try (ImageInputStream in =
        ImageIO.createImageInputStream(new ByteArrayInputStream(image.bytes()))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return Optional.empty();
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in);
        // a small file can declare a huge canvas; never decode one into memory
        if ((long) reader.getWidth(0) * reader.getHeight(0) > MAX_CONVERTED_PIXELS) {
          return Optional.empty();
        }
        BufferedImage decoded = reader.read(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(decoded, "png", out);
        return Optional.of(out.toByteArray());
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** An ASCII file name for Content-Disposition; the UTF-8 name goes in filename*. */
  static String fileName(String name) {
    String ascii = name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^_+|_+$", "");
    return ascii.isEmpty() ? "character" : ascii.substring(0, Math.min(ascii.length(), 64));
  }
}
