package io.sockwatch.junit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the agent's JSON report into maps, lists, strings, longs, doubles, booleans and nulls. The extension links
 * against nothing of sockwatch (the agent runs in a class loader of its own), so the report's documented JSON is
 * the contract, and a JSON library would be one more dependency in every user's test class path.
 */
final class JsonText {
    private final String text;
    private int at;

    private JsonText(String text) {
        this.text = text;
    }

    static Object parse(String text) {
        JsonText reader = new JsonText(text);
        Object value = reader.next();
        reader.blanks();
        if (reader.at != text.length()) {
            throw reader.malformed("text after the value");
        }
        return value;
    }

    private Object next() {
        blanks();
        char c = peek();
        if (c == '{') {
            return members();
        }
        if (c == '[') {
            return elements();
        }
        if (c == '"') {
            return string();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        for (Object literal : new Object[] {Boolean.TRUE, Boolean.FALSE, null}) {
            String word = String.valueOf(literal);
            if (text.startsWith(word, at)) {
                at += word.length();
                return literal;
            }
        }
        throw malformed("unexpected '" + c + "'");
    }

    private Map<String, Object> members() {
        Map<String, Object> members = new LinkedHashMap<>();
        at++;
        if (closes('}')) {
            return members;
        }
        do {
            blanks();
            String name = string();
            blanks();
            expect(':');
            members.put(name, next());
            blanks();
        } while (separates());
        expect('}');
        return members;
    }

    private List<Object> elements() {
        List<Object> elements = new ArrayList<>();
        at++;
        if (closes(']')) {
            return elements;
        }
        do {
            elements.add(next());
            blanks();
        } while (separates());
        expect(']');
        return elements;
    }

    private String string() {
        expect('"');
        StringBuilder s = new StringBuilder();
        for (char c = take(); c != '"'; c = take()) {
            if (c != '\\') {
                s.append(c);
                continue;
            }
            char escaped = take();
            switch (escaped) {
                case 'n': s.append('\n'); break;
                case 't': s.append('\t'); break;
                case 'r': s.append('\r'); break;
                case 'b': s.append('\b'); break;
                case 'f': s.append('\f'); break;
                case 'u':
                    s.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                    break;
                default: s.append(escaped); // \" \\ \/
            }
        }
        return s.toString();
    }

    private Object number() {
        int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        String n = text.substring(start, at);
        return n.matches("-?\\d+") ? (Object) Long.parseLong(n) : (Object) Double.parseDouble(n);
    }

    private boolean closes(char c) {
        blanks();
        if (peek() == c) {
            at++;
            return true;
        }
        return false;
    }

    private boolean separates() {
        if (peek() == ',') {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (take() != c) {
            throw malformed("expected '" + c + "'");
        }
    }

    private char take() {
        char c = peek();
        at++;
        return c;
    }

    private char peek() {
        if (at >= text.length()) {
            throw malformed("unexpected end");
        }
        return text.charAt(at);
    }

    private void blanks() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private IllegalArgumentException malformed(String what) {
        return new IllegalArgumentException("malformed sockwatch JSON report at " + at + ": " + what);
    }
}
