package com.companion.character.card;

import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.PlatformProblem;
import org.springframework.http.HttpStatus;

/** The problems a card can have; each names the field it is about where there is one. */
public final class CardProblems {

  public static final ProblemType MALFORMED_CARD =
      ProblemType.custom("malformed-card", "The card cannot be read");
  public static final ProblemType INVALID_FIELD =
      ProblemType.custom("invalid-field", "A field has an invalid value");
  public static final ProblemType FIELD_TOO_LONG =
      ProblemType.custom("field-too-long", "A field is longer than allowed");
  public static final ProblemType NO_CARD_IN_IMAGE =
      ProblemType.custom("no-card-in-image", "The image carries no character card");
  public static final ProblemType INVALID_TEXT =
      ProblemType.custom("invalid-text", "The text is not valid UTF-8 / Unicode");

  private CardProblems() {}

  public static PlatformProblem malformed(String detail) {
    return PlatformProblem.of(HttpStatus.BAD_REQUEST, MALFORMED_CARD, detail);
  }

  public static PlatformProblem invalidField(String field, String detail) {
    return PlatformProblem.of(HttpStatus.BAD_REQUEST, INVALID_FIELD, field + ": " + detail)
        .with("field", field);
  }

  public static PlatformProblem tooLong(String field, int limit, String unit) {
    return PlatformProblem.of(
            HttpStatus.UNPROCESSABLE_CONTENT,
            FIELD_TOO_LONG,
            field + " is longer than " + limit + " " + unit)
        .with("field", field)
        .with("limit", limit);
  }

  public static PlatformProblem noCard() {
    return PlatformProblem.of(
        HttpStatus.UNPROCESSABLE_CONTENT,
        NO_CARD_IN_IMAGE,
        "the PNG has no readable 'ccv3' or 'chara' text chunk");
  }

  public static PlatformProblem invalidText(String detail) {
    return PlatformProblem.of(HttpStatus.BAD_REQUEST, INVALID_TEXT, detail);
  }
}
