package com.companion.identity.oauth;

import com.companion.identity.IdentityProperties;
import com.companion.identity.access.AccessTokens;
import com.companion.identity.access.BearerAuthenticationFilter;
import com.companion.identity.account.AccountRepository;
import com.companion.identity.guardian.GuardianService;
import com.companion.identity.keys.SigningKeys;
import com.companion.identity.signin.LiveAccountCheck;
import com.companion.identity.signin.SignInOutcomes;
import com.companion.identity.signin.SignInSessions;
import com.companion.identity.signin.SignInThrottleFilter;
import com.companion.identity.throttle.AttemptThrottle;
import com.companion.identity.web.ClientAddress;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * Spring Authorization Server and the three filter chains of this service: the OAuth endpoints
 * (authorize, token, revocation, JWKS, discovery, end-session), the JSON API under {@code /v1}
 * (bearer tokens, no session, no CSRF since no cookie authenticates it), and the sign-in form.
 */
@Configuration(proxyBeanMethods = false)
public class AuthorizationServerConfiguration {

  @Bean
  @Order(1)
  SecurityFilterChain authorizationServer(
      HttpSecurity http,
      RegisteredClientRepository clients,
      AuthorizationServerSettings settings,
      AccountRepository accounts)
      throws Exception {
    OAuthProblems problems = new OAuthProblems();
    http.oauth2AuthorizationServer(
            server -> {
              http.securityMatcher(server.getEndpointsMatcher());
              server
                  // RP-initiated logout: /connect/logout ends this service's own browser session
                  // (the sign-in form's), so the next sign-in asks for the password again
                  .oidc(
                      oidc ->
                          oidc.logoutEndpoint(
                              logout ->
                                  logout
                                      .authenticationProviders(PostLogoutRedirects::install)
                                      .errorResponseHandler(
                                          new OAuthProblems("Sign-out request refused"))))
                  .clientAuthentication(
                      client ->
                          client
                              .authenticationConverter(
                                  new PublicClientRefresh.Converter(
                                      settings.getTokenRevocationEndpoint()))
                              .authenticationProvider(new PublicClientRefresh.Provider(clients))
                              .errorResponseHandler(problems))
                  .tokenEndpoint(token -> token.errorResponseHandler(problems))
                  .tokenRevocationEndpoint(revocation -> revocation.errorResponseHandler(problems));
            })
        .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
        // a deleted account's sign-in session gets no code: it is ended, and the browser signs in
        .addFilterAfter(
            new LiveAccountCheck(
                accounts,
                PathPatternRequestMatcher.withDefaults()
                    .matcher(settings.getAuthorizationEndpoint())),
            SecurityContextHolderFilter.class)
        .oauth2ResourceServer(resource -> resource.jwt(Customizer.withDefaults()))
        // a browser (web app, in-app browser tab) that is not signed in goes to the sign-in form
        .exceptionHandling(
            exceptions ->
                exceptions.defaultAuthenticationEntryPointFor(
                    new LoginUrlAuthenticationEntryPoint("/login"),
                    new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain api(HttpSecurity http, AccessTokens tokens) throws Exception {
    http.securityMatcher("/v1/**")
        .csrf(csrf -> csrf.disable())
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .anonymous(anonymous -> anonymous.disable())
        // controllers ask for a verified Caller; the filter below verifies the bearer token
        .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
        .addFilterBefore(new BearerAuthenticationFilter(tokens), AuthorizationFilter.class);
    return http.build();
  }

  @Bean
  @Order(3)
  SecurityFilterChain signIn(
      HttpSecurity http, AttemptThrottle throttle, ClientAddress clientAddress) throws Exception {
    http.authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
        .formLogin(
            form ->
                form.successHandler(SignInOutcomes.onSuccess(throttle))
                    .failureHandler(SignInOutcomes.onFailure(throttle, clientAddress)))
        .addFilterBefore(
            new SignInThrottleFilter(throttle, clientAddress),
            UsernamePasswordAuthenticationFilter.class);
    return http.build();
  }

  @Bean
  RegisteredClientRepository registeredClientRepository(JdbcTemplate jdbc) {
    return new JdbcRegisteredClientRepository(jdbc);
  }

  @Bean
  ApplicationListener<ApplicationReadyEvent> registerClients(
      RegisteredClientRepository clients, IdentityProperties properties) {
    return event ->
        properties
            .clients()
            .forEach(client -> ClientRegistrations.register(clients, client, properties.tokens()));
  }

  @Bean
  SignInSessions signInSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
    return new SignInSessions(sessions);
  }

  @Bean
  OAuth2AuthorizationService authorizationService(
      JdbcTemplate jdbc,
      RegisteredClientRepository clients,
      JdbcClient jdbcClient,
      SignInSessions sessions,
      Clock clock) {
    return new ReuseDetectingAuthorizationService(
        new JdbcOAuth2AuthorizationService(jdbc, clients), jdbcClient, sessions, clock);
  }

  @Bean
  OAuth2AuthorizationConsentService authorizationConsentService(
      JdbcTemplate jdbc, RegisteredClientRepository clients) {
    return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
  }

  /** The JWKS endpoint's keys: every published key, public parts only. */
  @Bean
  JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
    return (selector, context) -> selector.select(keys.published());
  }

  @Bean
  JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
    return NimbusJwtDecoder.withJwkSource(jwkSource).build();
  }

  @Bean
  PlatformClaims platformClaims(
      AccountRepository accounts,
      GuardianService guardians,
      IdentityProperties properties,
      Clock clock) {
    return new PlatformClaims(
        accounts, guardians, properties.audience(), properties.localTokens(), clock);
  }

  /** Tokens are signed only with the current key, though the JWKS lists more. */
  @Bean
  OAuth2TokenGenerator<?> tokenGenerator(
      SigningKeys keys, PlatformClaims claims, IdentityProperties properties, Clock clock) {
    JwtGenerator jwt =
        new JwtGenerator(new TokenEncoders(keys, properties.localTokens().hmacSecret()));
    jwt.setJwtCustomizer(claims);
    jwt.setClock(clock);
    return new DelegatingOAuth2TokenGenerator(jwt, new PublicClientRefresh.TokenGenerator(clock));
  }

  @Bean
  AuthorizationServerSettings authorizationServerSettings(IdentityProperties properties) {
    return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
  }
}
