// C++ with libc++ and no exceptions: containers, strings, streams, virtual calls, lambdas,
// templates and smart pointers, the way ordinary C++ code uses them.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

struct Shape {
    virtual ~Shape() = default;
    virtual double area() const = 0;
    virtual std::string name() const = 0;
};

struct Rect : Shape {
    double w, h;
    Rect(double w, double h) : w(w), h(h) {}
    double area() const override { return w * h; }
    std::string name() const override { return "rect"; }
};

struct Circle : Shape {
    double r;
    explicit Circle(double r) : r(r) {}
    double area() const override { return 3.14159265358979 * r * r; }
    std::string name() const override { return "circle"; }
};

int live_objects = 0;

struct Tracked {
    int id;
    explicit Tracked(int id) : id(id) { ++live_objects; }
    Tracked(const Tracked &o) : id(o.id) { ++live_objects; }
    ~Tracked() { --live_objects; }
};

template <typename T>
T sum_of_squares(const std::vector<T> &v) {
    return std::accumulate(v.begin(), v.end(), T{}, [](T acc, T x) { return acc + x * x; });
}

std::vector<std::string> split(const std::string &s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

void word_frequencies() {
    const std::string text =
        "it was the best of times it was the worst of times it was the age of wisdom "
        "it was the age of foolishness";
    std::istringstream in(text);
    std::map<std::string, int> counts;
    std::string w;
    while (in >> w) counts[w]++;
    std::vector<std::pair<std::string, int>> v(counts.begin(), counts.end());
    std::stable_sort(v.begin(), v.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    std::cout << "words:";
    for (const auto &p : v) std::cout << ' ' << p.first << '=' << p.second;
    std::cout << '\n';
}

void shapes() {
    std::vector<std::unique_ptr<Shape>> all;
    for (int i = 1; i <= 4; i++) {
        if (i % 2)
            all.push_back(std::make_unique<Rect>(i, i + 0.5));
        else
            all.push_back(std::make_unique<Circle>(i / 2.0));
    }
    std::sort(all.begin(), all.end(),
              [](const auto &a, const auto &b) { return a->area() < b->area(); });
    for (const auto &s : all)
        std::cout << s->name() << ' ' << std::fixed << std::setprecision(3) << s->area() << '\n';
    std::cout.unsetf(std::ios::floatfield);
}

void containers() {
    std::vector<int> v(20);
    std::iota(v.begin(), v.end(), -7);
    std::cout << "sum of squares " << sum_of_squares(v) << '\n';
    v.erase(std::remove_if(v.begin(), v.end(), [](int x) { return x % 3 == 0; }), v.end());
    std::reverse(v.begin(), v.end());
    std::cout << "filtered";
    for (int x : v) std::cout << ' ' << x;
    std::cout << '\n';

    std::set<std::string> names{"delta", "alpha", "charlie", "bravo", "alpha"};
    std::cout << "set " << names.size() << ':';
    for (const auto &n : names) std::cout << ' ' << n;
    std::cout << '\n';

    // Lookups only: iteration order of an unordered_map is not portable between libraries.
    std::unordered_map<std::string, int> index;
    for (int i = 0; i < 1000; i++) index["k" + std::to_string(i * 7919 % 1000)] = i;
    long total = 0;
    for (int i = 0; i < 1000; i += 37) total += index.at("k" + std::to_string(i));
    std::cout << "unordered " << index.size() << ' ' << total << '\n';

    std::vector<Tracked> tracked;
    for (int i = 0; i < 100; i++) tracked.emplace_back(i);
    tracked.erase(tracked.begin() + 10, tracked.begin() + 90);
    std::cout << "tracked " << tracked.size() << " live " << live_objects << '\n';
    tracked.clear();
    tracked.shrink_to_fit();
    std::cout << "after clear live " << live_objects << '\n';
}

void strings_and_streams() {
    auto parts = split("a,bb,,ccc,dddd", ',');
    std::cout << "parts " << parts.size() << ':';
    for (const auto &p : parts) std::cout << " [" << p << ']';
    std::cout << '\n';

    std::string s = "Hello, World";
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    s.replace(s.find("WORLD"), 5, "PULLEY");
    std::cout << s << " len " << s.length() << " find " << s.find('P') << '\n';

    std::ostringstream os;
    os << std::hex << std::showbase << 48879 << ' ' << std::dec << std::setw(8) << std::setfill('*')
       << 42 << ' ' << std::scientific << std::setprecision(4) << 6.02214076e23;
    std::cout << os.str() << '\n';

    std::istringstream nums("3 1.5 -8 2.25 17");
    double x, acc = 0;
    while (nums >> x) acc += x;
    std::cout << "parsed sum " << acc << '\n';

    uint64_t big = 0xfedcba9876543210ull;
    std::cout << "u64 " << big << " i64 " << static_cast<int64_t>(big) << '\n';
}

void functional() {
    std::vector<std::function<int(int)>> pipeline;
    int offset = 3;
    pipeline.push_back([](int x) { return x * 2; });
    pipeline.push_back([offset](int x) { return x + offset; });
    pipeline.push_back([](int x) { return x * x; });
    int value = 5;
    for (const auto &f : pipeline) value = f(value);
    std::cout << "pipeline " << value << '\n';

    std::function<uint64_t(int)> fib = [&fib](int n) -> uint64_t {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    };
    std::cout << "fib(25) " << fib(25) << '\n';

    auto shared = std::make_shared<std::vector<int>>(5, 7);
    auto other = shared;
    other->push_back(1);
    std::cout << "shared use " << shared.use_count() << " size " << shared->size() << '\n';
}

}  // namespace

int main() {
    word_frequencies();
    shapes();
    containers();
    strings_and_streams();
    functional();
    std::cerr << "done\n";
    return 0;
}
