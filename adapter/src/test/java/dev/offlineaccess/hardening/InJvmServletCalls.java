package dev.offlineaccess.hardening;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Just enough of a servlet container, in plain objects, to call a filter's {@code init} and {@code doFilter} a
 * hundred thousand times a second: requests, responses, sessions and a servlet context as {@link Proxy} instances that
 * answer the methods the filter uses and throw {@link UnsupportedOperationException} for any other (so a filter that
 * starts using more of the API shows up here). The context path is {@value #CONTEXT}; the filter is mapped to
 * {@code /secured/*}. Not thread-safe.
 */
final class InJvmServletCalls {
    static final String CONTEXT = "/app";
    private static final AtomicInteger SESSION_IDS = new AtomicInteger();

    private InJvmServletCalls() {
    }

    /** A servlet context whose attributes live in a map and whose filter {@code oidc} is mapped to /secured/*. */
    static ServletContext context() {
        Map<String, Object> attributes = new HashMap<>();
        FilterRegistration registration = proxy(FilterRegistration.class, (method, args) -> switch (method) {
            case "getUrlPatternMappings" -> List.of("/secured/*");
            case "getName" -> "oidc";
            default -> unsupported(method);
        });
        return proxy(ServletContext.class, (method, args) -> switch (method) {
            case "getAttribute" -> attributes.get((String) args[0]);
            case "setAttribute" -> attributes.put((String) args[0], args[1]);
            case "removeAttribute" -> attributes.remove((String) args[0]);
            case "getFilterRegistration" -> registration;
            case "getClassLoader" -> InJvmServletCalls.class.getClassLoader();
            case "getResourceAsStream" -> null;
            case "getContextPath" -> CONTEXT;
            case "getSessionCookieConfig" -> throw new IllegalStateException("already initialised");
            default -> unsupported(method);
        });
    }

    static FilterConfig filterConfig(ServletContext context, String configFile) {
        return proxy(FilterConfig.class, (method, args) -> switch (method) {
            case "getServletContext" -> context;
            case "getFilterName" -> "oidc";
            case "getInitParameter" -> "config-file".equals(args[0]) ? configFile : null;
            default -> unsupported(method);
        });
    }

    /** A session whose attributes live in a map; invalidating it makes it refuse attribute access. */
    static final class Session {
        final Map<String, Object> attributes = new HashMap<>();
        String id = "s" + SESSION_IDS.incrementAndGet();
        boolean invalid;
        final HttpSession api = proxy(HttpSession.class, (method, args) -> switch (method) {
            case "getId" -> id;
            case "getAttribute" -> live().attributes.get((String) args[0]);
            case "setAttribute" -> live().attributes.put((String) args[0], args[1]);
            case "removeAttribute" -> live().attributes.remove((String) args[0]);
            case "invalidate" -> {
                live().invalid = true;
                yield null;
            }
            default -> unsupported(method);
        });

        private Session live() {
            if (invalid) {
                throw new IllegalStateException("invalidated");
            }
            return this;
        }

        /** A new session holding the same attributes (a browser that kept its cookie). */
        Session copy() {
            Session copy = new Session();
            copy.attributes.putAll(attributes);
            return copy;
        }
    }

    /** One request as the container would give it to the filter. */
    static final class Request {
        String method = "GET";
        /** The path below the context, as sent (percent-encoded). */
        String rawPath = "/secured/page";
        String query;
        Map<String, List<String>> headers = new HashMap<>();
        Map<String, String[]> form = Map.of();
        /** A body read as a stream (the back-channel logout reads its own), with its declared type and length. */
        byte[] body = new byte[0];
        String contentType;
        Long declaredLength;
        Session session;
        final Map<String, Object> attributes = new HashMap<>();

        HttpServletRequest api() {
            return proxy(HttpServletRequest.class, (method, args) -> switch (method) {
                case "getMethod" -> this.method;
                case "getContextPath" -> CONTEXT;
                case "getServletPath" -> servletPath();
                case "getPathInfo" -> null;
                case "getRequestURI" -> CONTEXT + rawPath;
                case "getQueryString" -> query;
                case "getScheme" -> "http";
                case "getServerName" -> "127.0.0.1";
                case "getServerPort" -> 8080;
                case "isSecure" -> false;
                case "getRemoteAddr" -> "127.0.0.1";
                case "getContentType" -> contentType;
                case "getContentLengthLong" -> declaredLength == null ? (long) body.length : declaredLength;
                case "getInputStream" -> input(body);
                case "getHeader" -> first((String) args[0]);
                case "getHeaders" -> Collections.enumeration(headerValues((String) args[0]));
                case "getParameterMap" -> form;
                case "getSession" -> session(args == null || args.length == 0 || (Boolean) args[0]);
                case "changeSessionId" -> {
                    session.id = "s" + SESSION_IDS.incrementAndGet();
                    yield session.id;
                }
                case "getAttribute" -> attributes.get((String) args[0]);
                case "setAttribute" -> attributes.put((String) args[0], args[1]);
                case "removeAttribute" -> attributes.remove((String) args[0]);
                default -> unsupported(method);
            });
        }

        /** The decoded path, as the container's mapping would report it (undecodable: as sent). */
        private String servletPath() {
            try {
                return java.net.URLDecoder.decode(rawPath.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return rawPath;
            }
        }

        private Object session(boolean create) {
            if (session != null && session.invalid) {
                session = null;
            }
            if (session == null && create) {
                session = new Session();
            }
            return session == null ? null : session.api;
        }

        private String first(String name) {
            List<String> values = headerValues(name);
            return values.isEmpty() ? null : values.get(0);
        }

        private List<String> headerValues(String name) {
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    return header.getValue();
                }
            }
            return List.of();
        }
    }

    private static jakarta.servlet.ServletInputStream input(byte[] bytes) {
        java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(bytes);
        return new jakarta.servlet.ServletInputStream() {
            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(jakarta.servlet.ReadListener listener) {
                throw new UnsupportedOperationException("no async");
            }

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return in.read(buffer, offset, length);
            }
        };
    }

    /** What the filter wrote. */
    static final class Response {
        int status = 200;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException("no async");
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        };

        HttpServletResponse api() {
            return proxy(HttpServletResponse.class, (method, args) -> switch (method) {
                case "setStatus" -> {
                    status = (Integer) args[0];
                    yield null;
                }
                case "setHeader", "addHeader" -> headers.put(((String) args[0]).toLowerCase(java.util.Locale.ROOT),
                        (String) args[1]);
                case "setContentType" -> headers.put("content-type", (String) args[0]);
                case "setContentLength" -> null;
                case "sendRedirect" -> {
                    status = 302;
                    yield headers.put("location", (String) args[0]);
                }
                case "getOutputStream" -> out;
                default -> unsupported(method);
            });
        }
    }

    /** A chain that records that the request reached the application. */
    static final class Chain {
        int calls;
        final FilterChain api = (request, response) -> calls++;
    }

    @FunctionalInterface
    private interface Answer {
        Object apply(String method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(InJvmServletCalls.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> switch (method.getName()) {
                    case "toString" -> type.getSimpleName() + "@in-jvm";
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> answer.apply(method.getName(), args);
                });
    }

    private static Object unsupported(String method) {
        throw new UnsupportedOperationException("the in-JVM container does not offer " + method);
    }
}
