package com.companion.identity.access;

import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.PlatformProblem;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** A controller parameter of type {@link Caller} requires a verified bearer token (else 401). */
public class CallerArgumentResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType().equals(Caller.class);
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest,
      WebDataBinderFactory binderFactory) {
    Object caller =
        webRequest.getAttribute(
            BearerAuthenticationFilter.CALLER_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    if (caller == null) {
      PlatformProblem problem =
          PlatformProblem.of(
              HttpStatusCode.valueOf(401),
              ProblemType.UNAUTHENTICATED,
              "a bearer token is required");
      problem.getHeaders().set("WWW-Authenticate", "Bearer");
      throw problem;
    }
    return caller;
  }
}
