package com.companion.identity.account;

import com.companion.identity.throttle.AttemptThrottle;
import com.companion.identity.throttle.TooManyAttempts;
import com.companion.identity.web.ClientAddress;
import com.companion.platform.web.PlatformProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/accounts}: sign-up, open to anyone, throttled per client address. */
@RestController
public class SignUpController {

  private final SignUpService signUps;
  private final AttemptThrottle throttle;
  private final ClientAddress clientAddress;

  public SignUpController(
      SignUpService signUps, AttemptThrottle throttle, ClientAddress clientAddress) {
    this.signUps = signUps;
    this.throttle = throttle;
    this.clientAddress = clientAddress;
  }

  @PostMapping("/v1/accounts")
  ResponseEntity<AccountView> signUp(
      @RequestBody(required = false) SignUpRequest body, HttpServletRequest request) {
    throttle
        .signUpFromClient(clientAddress.of(request))
        .ifPresent(
            wait -> {
              throw TooManyAttempts.problem("too many sign-ups from this address", wait);
            });
    if (body == null) {
      throw PlatformProblem.badRequest("a JSON body is required");
    }
    if (body.username() != null && !body.username().isBlank()) {
      throttle
          .signUpForUsername(Usernames.key(body.username()))
          .ifPresent(
              wait -> {
                throw TooManyAttempts.problem("too many sign-ups for this username", wait);
              });
    }
    AccountView account = signUps.signUp(body);
    return ResponseEntity.created(URI.create("/v1/accounts/" + account.id())).body(account);
  }
}
