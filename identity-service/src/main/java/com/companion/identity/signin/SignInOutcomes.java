package com.companion.identity.signin;

import com.companion.identity.throttle.AttemptThrottle;
import com.companion.identity.throttle.SignInKey;
import com.companion.identity.web.ClientAddress;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;

/**
 * Counts sign-in outcomes. A failure counts against the account and the client address; the form
 * says only "invalid credentials", the same for an unknown user and a wrong password. A success
 * clears the account's failures and carries on to the authorization request that sent the user
 * here.
 */
public final class SignInOutcomes {

  private SignInOutcomes() {}

  public static AuthenticationFailureHandler onFailure(
      AttemptThrottle throttle, ClientAddress clientAddress) {
    SimpleUrlAuthenticationFailureHandler form =
        new SimpleUrlAuthenticationFailureHandler("/login?error");
    return (HttpServletRequest request,
        HttpServletResponse response,
        AuthenticationException exception) -> {
      throttle.signInFailed(SignInKey.client(clientAddress.of(request)));
      String username = request.getParameter("username");
      if (username != null && !username.isBlank()) {
        throttle.signInFailed(SignInKey.account(username));
      }
      form.onAuthenticationFailure(request, response, exception);
    };
  }

  public static AuthenticationSuccessHandler onSuccess(AttemptThrottle throttle) {
    SavedRequestAwareAuthenticationSuccessHandler saved =
        new SavedRequestAwareAuthenticationSuccessHandler();
    return new AuthenticationSuccessHandler() {
      @Override
      public void onAuthenticationSuccess(
          HttpServletRequest request, HttpServletResponse response, Authentication authentication)
          throws IOException, ServletException {
        String username = request.getParameter("username");
        if (username != null) {
          throttle.signInSucceeded(SignInKey.account(username));
        }
        saved.onAuthenticationSuccess(request, response, authentication);
      }
    };
  }
}
