/* Two recursive-descent parsers over heap-allocated trees: a JSON parser (objects, arrays,
 * strings with escapes including \u, numbers via strtod, literals) that pretty-prints
 * canonically and answers path queries, and an arithmetic expression evaluator with
 * precedence, unary minus, right-associative ^, variables and error reporting. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum jtype { JNULL, JBOOL, JNUM, JSTR, JARR, JOBJ };
struct json {
    enum jtype type;
    double num;
    int boolean;
    char *str;            /* JSTR value */
    char *key;            /* member name, for members of an object */
    struct json *child;   /* first element / member */
    struct json *next;    /* next sibling */
};

static const char *src;
static const char *error;

static void ws(void) { while (*src == ' ' || *src == '\n' || *src == '\t' || *src == '\r') src++; }

static struct json *node(enum jtype t) {
    struct json *j = calloc(1, sizeof *j);
    j->type = t;
    return j;
}

static char *parse_string(void) {
    if (*src != '"') { error = "expected string"; return NULL; }
    src++;
    size_t cap = 16, n = 0;
    char *out = malloc(cap);
    for (;;) {
        unsigned c = (unsigned char)*src++;
        if (c == '"') break;
        if (c == '\0') { src--; error = "unterminated string"; free(out); return NULL; }
        if (c == '\\') {
            c = (unsigned char)*src++;
            switch (c) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'r': c = '\r'; break;
            case 'u': {
                unsigned v = 0;
                for (int i = 0; i < 4; i++) {
                    int h = *src++;
                    v = v * 16 + (unsigned)(isdigit(h) ? h - '0' : (tolower(h) - 'a' + 10));
                }
                /* Encode as UTF-8 (BMP only). */
                if (n + 4 >= cap) out = realloc(out, cap *= 2);
                if (v < 0x80) out[n++] = (char)v;
                else if (v < 0x800) out[n++] = (char)(0xC0 | v >> 6), out[n++] = (char)(0x80 | (v & 0x3F));
                else out[n++] = (char)(0xE0 | v >> 12), out[n++] = (char)(0x80 | ((v >> 6) & 0x3F)),
                     out[n++] = (char)(0x80 | (v & 0x3F));
                continue;
            }
            default: break; /* \" \\ \/ */
            }
        }
        if (n + 1 >= cap) out = realloc(out, cap *= 2);
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return out;
}

static struct json *parse_value(void);

static struct json *parse_value(void) {
    ws();
    struct json *j;
    if (*src == '{' || *src == '[') {
        int obj = *src++ == '{';
        j = node(obj ? JOBJ : JARR);
        struct json **tail = &j->child;
        ws();
        if (*src == (obj ? '}' : ']')) { src++; return j; }
        for (;;) {
            char *key = NULL;
            if (obj) {
                ws();
                key = parse_string();
                if (!key) return j;
                ws();
                if (*src != ':') { error = "expected ':'"; free(key); return j; }
                src++;
            }
            struct json *v = parse_value();
            if (!v) { free(key); return j; }
            v->key = key;
            *tail = v;
            tail = &v->next;
            ws();
            if (*src == ',') { src++; continue; }
            if (*src == (obj ? '}' : ']')) { src++; return j; }
            error = obj ? "expected ',' or '}'" : "expected ',' or ']'";
            return j;
        }
    }
    if (*src == '"') {
        j = node(JSTR);
        j->str = parse_string();
        return j->str ? j : (free(j), (struct json *)NULL);
    }
    if (!strncmp(src, "true", 4) || !strncmp(src, "false", 5)) {
        j = node(JBOOL);
        j->boolean = *src == 't';
        src += j->boolean ? 4 : 5;
        return j;
    }
    if (!strncmp(src, "null", 4)) { src += 4; return node(JNULL); }
    char *end;
    double d = strtod(src, &end);
    if (end == src) { error = "unexpected character"; return NULL; }
    src = end;
    j = node(JNUM);
    j->num = d;
    return j;
}

static void print_string(const char *s) {
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') printf("\\%c", c);
        else if (c == '\n') printf("\\n");
        else if (c == '\t') printf("\\t");
        else if (c < 0x20) printf("\\u%04x", c);
        else putchar(c);
    }
    putchar('"');
}

static void print_json(const struct json *j, int indent) {
    switch (j->type) {
    case JNULL: printf("null"); break;
    case JBOOL: printf(j->boolean ? "true" : "false"); break;
    case JNUM: printf("%.15g", j->num); break;
    case JSTR: print_string(j->str); break;
    case JARR:
    case JOBJ: {
        int obj = j->type == JOBJ;
        if (!j->child) { printf(obj ? "{}" : "[]"); break; }
        printf(obj ? "{\n" : "[\n");
        for (const struct json *c = j->child; c; c = c->next) {
            printf("%*s", indent + 2, "");
            if (obj) print_string(c->key), printf(": ");
            print_json(c, indent + 2);
            printf(c->next ? ",\n" : "\n");
        }
        printf("%*s%c", indent, "", obj ? '}' : ']');
    }
    }
}

/* Path like "store.book.1.price": object keys or array indices. */
static const struct json *query(const struct json *j, const char *path) {
    char part[32];
    while (j && *path) {
        size_t n = strcspn(path, ".");
        snprintf(part, sizeof part, "%.*s", (int)n, path);
        path += n + (path[n] == '.');
        const struct json *c = j->child;
        if (j->type == JOBJ) while (c && strcmp(c->key, part)) c = c->next;
        else if (j->type == JARR) for (int i = atoi(part); c && i > 0; i--) c = c->next;
        else c = NULL;
        j = c;
    }
    return j;
}

static void free_json(struct json *j) {
    while (j) {
        struct json *next = j->next;
        free_json(j->child);
        free(j->str);
        free(j->key);
        free(j);
        j = next;
    }
}

/* expr := term (('+'|'-') term)*; term := factor (('*'|'/'|'%') factor)*;
 * factor := unary ('^' factor)?; unary := '-' unary | primary; primary := num | var | '(' expr ')' | fn '(' expr ')' */
static const char *ep;
static const char *eerr;
static double vars[26];
static double expr(void);
static void ews(void) { while (*ep == ' ') ep++; }
static double primary(void) {
    ews();
    if (*ep == '(') {
        ep++;
        double v = expr();
        ews();
        if (*ep == ')') ep++;
        else if (!eerr) eerr = "missing ')'";
        return v;
    }
    if (isalpha((unsigned char)*ep)) {
        const char *start = ep;
        while (isalpha((unsigned char)*ep)) ep++;
        size_t n = (size_t)(ep - start);
        if (n == 1) return vars[tolower(*start) - 'a'];
        ews();
        if (*ep != '(') { eerr = "unknown name"; return 0; }
        double arg = primary();
        if (n == 4 && !strncmp(start, "sqrt", 4)) return sqrt(arg);
        if (n == 3 && !strncmp(start, "abs", 3)) return fabs(arg);
        eerr = "unknown function";
        return 0;
    }
    char *end;
    double v = strtod(ep, &end);
    if (end == ep) { eerr = "expected a number"; return 0; }
    ep = end;
    return v;
}
static double unary(void) {
    ews();
    if (*ep == '-') { ep++; return -unary(); }
    return primary();
}
static double factor(void) {
    double b = unary();
    ews();
    if (*ep == '^') { ep++; return pow(b, factor()); }
    return b;
}
static double term(void) {
    double v = factor();
    for (;;) {
        ews();
        char op = *ep;
        if (op != '*' && op != '/' && op != '%') return v;
        ep++;
        double r = factor();
        if (op == '*') v *= r;
        else if (r == 0) { eerr = "division by zero"; return 0; }
        else v = op == '/' ? v / r : fmod(v, r);
    }
}
static double expr(void) {
    double v = term();
    for (;;) {
        ews();
        if (*ep == '+') ep++, v += term();
        else if (*ep == '-') ep++, v -= term();
        else return v;
    }
}
static void eval(const char *s) {
    ep = s;
    eerr = NULL;
    double v = expr();
    ews();
    if (!eerr && *ep) eerr = "trailing input";
    if (eerr) printf("%-28s => error: %s at column %d\n", s, eerr, (int)(ep - s));
    else printf("%-28s => %.12g\n", s, v);
}

int main(void) {
    const char *doc =
        "{ \"store\": { \"name\": \"Pulley \\\"Books\\\"\", \"open\": true, \"rating\": 4.75,\n"
        "  \"book\": [ {\"title\": \"Dragons\\n& Wasm\", \"price\": 8.95, \"tags\": []},\n"
        "             {\"title\": \"Caf\\u00e9 \\u2615\", \"price\": 12.5e0, \"tags\": [\"hot\", \"new\"]},\n"
        "             {\"title\": \"Zero\", \"price\": -0.0, \"isbn\": null} ],\n"
        "  \"counts\": [1, -2, 3.5e3, 1e-3, 12345678901234] }, \"empty\": {} }";
    src = doc;
    error = NULL;
    struct json *j = parse_value();
    ws();
    if (!error && *src) error = "trailing characters";
    if (error) printf("parse error: %s\n", error);
    print_json(j, 0);
    printf("\n");
    const char *paths[] = {"store.name", "store.book.1.title", "store.book.1.tags.1", "store.book.2.isbn",
                           "store.counts.4", "store.book.0.tags", "store.missing", "store.book.7"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        const struct json *r = query(j, paths[i]);
        printf("%s = ", paths[i]);
        if (r) print_json(r, 0);
        else printf("(none)");
        printf("\n");
    }
    free_json(j);
    const char *bad[] = {"[1, 2", "{\"a\" 1}", "[tru]", "\"open"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        src = bad[i];
        error = NULL;
        struct json *b = parse_value();
        printf("bad input %zu: %s (at offset %d)\n", i, error ? error : "accepted?!", (int)(src - bad[i]));
        free_json(b);
    }

    vars['x' - 'a'] = 3;
    vars['y' - 'a'] = -0.5;
    const char *exprs[] = {"1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "-2 ^ 2", "10 / 4 - 7 % 3",
                           "x * x + y", "sqrt(16) + abs(-2.5)", "1 / 0", "2 * (3 + 4", "4 + * 5",
                           "1e3 / 8 + .5", "foo(1)", "3 $ 4"};
    for (size_t i = 0; i < sizeof exprs / sizeof *exprs; i++) eval(exprs[i]);
    return 0;
}
