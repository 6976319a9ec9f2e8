package com.companion.identity.web;

import com.companion.contracts.problem.ProblemType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (a filter's {@code sendError}, the container) reach {@code
 * /error}; they are problem+json too, never Spring Boot's default error body.
 */
@RestController
public class ProblemErrorController implements ErrorController {

  @RequestMapping(value = "/error", produces = MediaType.ALL_VALUE)
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer value ? value : 500;
    ProblemType type = ProblemType.forStatus(status);
    Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
    String detail =
        status >= 500 || message == null || message.toString().isBlank()
            ? type.title()
            : message.toString();
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(Problems.detail(status, type, detail));
  }
}
