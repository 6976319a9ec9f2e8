package com.companion.identity.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.identity.support.IdentityClient;
import com.companion.identity.support.IdentityClient.Reply;
import com.companion.identity.support.IdentityIT;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SignUpIT extends IdentityIT {

  private static final String GOOD = "correct horse battery";

  @Test
  void anAdultAndAMinorGetTheirAgeGroupFromTheBirthDate() {
    String adult = IdentityClient.uniqueName("adult");
    Reply created = client.signUp(adult, GOOD, "1990-05-17", null);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().path("username").asString()).isEqualTo(adult);
    assertThat(created.json().path("age_group").asString()).isEqualTo("adult");
    assertThat(created.json().path("product").asString()).isEqualTo("glow");
    assertThat(created.json().path("id").asString()).isNotBlank();
    assertThat(created.body()).doesNotContain("password");

    String teen = LocalDate.now().minusYears(16).toString();
    Reply minor = client.signUp(IdentityClient.uniqueName("teen"), GOOD, teen, null);
    assertThat(minor.status()).isEqualTo(201);
    assertThat(minor.json().path("age_group").asString()).isEqualTo("minor");
  }

  @Test
  void futureAndImpossibleDatesAreBadRequests() {
    Reply future =
        client.signUp(
            IdentityClient.uniqueName("f"), GOOD, LocalDate.now().plusDays(2).toString(), null);
    assertProblem(future, 400, "invalid-request");
    assertThat(future.json().path("field").asString()).isEqualTo("birth_date");

    assertProblem(
        client.signUp(IdentityClient.uniqueName("f"), GOOD, "2023-02-29", null),
        400,
        "invalid-request");
    assertProblem(
        client.signUp(IdentityClient.uniqueName("f"), GOOD, "1990-13-01", null),
        400,
        "invalid-request");
    assertProblem(
        client.signUp(IdentityClient.uniqueName("f"), GOOD, "yesterday", null),
        400,
        "invalid-request");
  }

  @Test
  void aTakenUsernameIsAConflictWhateverItsCase() {
    String name = IdentityClient.uniqueName("taken");
    assertThat(client.signUp(name, GOOD, "1990-01-01", null).status()).isEqualTo(201);
    assertProblem(client.signUp(name.toUpperCase(), GOOD, "1991-01-01", null), 409, "conflict");
  }

  @Test
  void aWeakPasswordIsRefusedWithTheReason() {
    Reply shortOne = client.signUp(IdentityClient.uniqueName("w"), "short1!", "1990-01-01", null);
    assertProblem(shortOne, 400, "invalid-request");
    assertThat(shortOne.json().path("reason").asString()).isEqualTo("too_short");
    assertThat(shortOne.json().path("detail").asString()).contains("10");

    Reply common =
        client.signUp(IdentityClient.uniqueName("w"), "Password123!", "1990-01-01", null);
    assertThat(common.status()).isEqualTo(400);
    assertThat(common.json().path("reason").asString()).isEqualTo("common");
  }

  @Test
  void underTheConsentAgeAGuardianMustBeNamed() {
    String child = LocalDate.now().minusYears(12).toString();
    Reply without = client.signUp(IdentityClient.uniqueName("kid"), GOOD, child, null);
    assertProblem(without, 400, "invalid-request");
    assertThat(without.json().path("field").asString()).isEqualTo("guardian_contact");
  }

  @Test
  void signUpsFromOneAddressAreRateLimited() {
    String address = IdentityClient.randomAddress();
    Reply last = null;
    for (int i = 0; i < 12 && (last == null || last.status() != 429); i++) {
      last =
          client.signUpFrom(address, IdentityClient.uniqueName("x"), "short", "1990-01-01", null);
    }
    assertProblem(last, 429, "rate-limited");
    assertThat(last.raw().headers().firstValue("Retry-After")).isPresent();
    // another address is not affected
    assertThat(client.signUp(IdentityClient.uniqueName("other"), GOOD, "1990-01-01", null).status())
        .isEqualTo(201);
  }

  @Test
  void signUpsForOneUsernameAreRateLimitedFromAnyAddress() {
    String name = IdentityClient.uniqueName("hammered");
    Reply last = null;
    for (int i = 0; i < 8 && (last == null || last.status() != 429); i++) {
      last = client.signUp(name, "short", "1990-01-01", null);
    }
    assertProblem(last, 429, "rate-limited");
  }

  @Test
  void aMissingBodyAndUnknownPathsAreProblems() {
    assertProblem(client.json("POST", "/v1/accounts", null, ""), 400, "invalid-request");
    assertProblem(client.get("/v1/nothing-here", "x.y.z"), 401, "unauthenticated");
    assertProblem(client.json("GET", "/nothing-here", null, ""), 404, "not-found");
  }

  static void assertProblem(Reply reply, int status, String type) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.json().path("type").asString()).endsWith("/" + type);
  }
}
