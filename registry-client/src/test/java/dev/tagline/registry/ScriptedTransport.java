package dev.tagline.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A {@link Transport} that answers from a function and records every call: tests of the caller without a socket. */
final class ScriptedTransport implements Transport {
    interface Route {
        HttpAnswer answer(HttpCall call, int index) throws IOException;
    }

    final List<HttpCall> calls = Collections.synchronizedList(new ArrayList<>());
    private final Route route;

    ScriptedTransport(Route route) {
        this.route = route;
    }

    @Override
    public HttpAnswer send(HttpCall call) throws IOException {
        calls.add(call);
        return route.answer(call, calls.size() - 1);
    }

    long count(String pathPart) {
        synchronized (calls) {
            return calls.stream().filter(c -> c.uri().toString().contains(pathPart)).count();
        }
    }

    String authorizationOf(int i) {
        return calls.get(i).headers().get("Authorization");
    }
}
