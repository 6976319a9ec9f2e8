package com.companion.identity.oauth;

import com.companion.contracts.problem.ProblemType;
import com.companion.identity.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Token, revocation and end-session endpoint errors as problem+json that OAuth clients can still
 * read: the body carries RFC 6749's {@code error} and {@code error_description} members beside the
 * problem members, with the status RFC 6749 prescribes (400, or 401 for {@code invalid_client}).
 */
public class OAuthProblems implements AuthenticationFailureHandler {

  private final String refusedTitle;

  /** For the token and revocation endpoints. */
  public OAuthProblems() {
    this("Token request refused");
  }

  /** {@code refusedTitle}: the problem's title for a refused request (400). */
  public OAuthProblems(String refusedTitle) {
    this.refusedTitle = refusedTitle;
  }

  @Override
  public void onAuthenticationFailure(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
      throws IOException {
    OAuth2Error error =
        exception instanceof OAuth2AuthenticationException oauth
            ? oauth.getError()
            : new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);
    int status = OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode()) ? 401 : 400;
    String description =
        error.getDescription() != null ? error.getDescription() : describe(error.getErrorCode());
    ProblemDetail problem =
        Problems.detail(
            status,
            ProblemType.custom("oauth-" + error.getErrorCode().replace('_', '-'), title(status)),
            description);
    problem.setProperty("error", error.getErrorCode());
    problem.setProperty("error_description", description);
    response.setHeader("Cache-Control", "no-store");
    Problems.write(response, problem);
  }

  private String title(int status) {
    return status == 401 ? "Client authentication failed" : refusedTitle;
  }

  /** One generic sentence per error: a refused grant never says whether a token ever existed. */
  private static String describe(String code) {
    return switch (code) {
      case OAuth2ErrorCodes.INVALID_GRANT ->
          "the authorization code or refresh token is invalid, expired, revoked or already used";
      case OAuth2ErrorCodes.INVALID_CLIENT -> "the client is unknown or may not use this grant";
      case OAuth2ErrorCodes.UNSUPPORTED_GRANT_TYPE -> "the grant type is not supported";
      case OAuth2ErrorCodes.INVALID_SCOPE -> "the requested scope is not allowed";
      default -> "the token request is invalid";
    };
  }
}
