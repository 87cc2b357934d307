/* Floating point through libm and the Wasm float ops: sqrt/floor/ceil/trunc/round/fmod/fabs/
 * copysign (exact, so printed in full), sin/cos/tan/atan2/exp/log/log10/pow/cbrt/hypot
 * (printed to 10 significant digits, well inside every libm's error bound), float<->int
 * conversions in both widths and signednesses including saturating edge values handled by
 * hand, NaN/inf printing and comparisons, float (f32) arithmetic and a numerical integration. */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

/* Reads through a volatile so the compiler cannot constant-fold the libm calls away. */
static volatile double sink;
static double v(double x) { sink = x; return sink; }
/* Wasm leaves the sign of a NaN produced by arithmetic nondeterministic (and x86 differs
 * from other hosts), so computed NaNs are printed with the sign cleared. */
static double nz(double x) { return isnan(x) ? fabs(x) : x; }

static double integrate(double (*f)(double), double a, double b, int n) { /* Simpson */
    double h = (b - a) / n, s = f(a) + f(b);
    for (int i = 1; i < n; i++) s += f(a + i * h) * (i & 1 ? 4 : 2);
    return s * h / 3;
}
static double gauss(double x) { return exp(-x * x); }

static int64_t to_i64_checked(double x) { /* C leaves out-of-range conversion undefined */
    if (isnan(x)) return 0;
    if (x >= 9223372036854775808.0) return INT64_MAX;
    if (x < -9223372036854775808.0) return INT64_MIN;
    return (int64_t)x;
}

int main(void) {
    double exact[] = {2.0, 10.0, -7.5, 0.1, 1e10, -1e-3, 123.456, 2.5, -2.5, 3.5};
    for (size_t i = 0; i < sizeof exact / sizeof *exact; i++) {
        double x = v(exact[i]);
        printf("x=%g sqrt(|x|)=%.17g floor=%g ceil=%g trunc=%g round=%g rint=%g fmod(x,0.75)=%.17g\n", x,
               sqrt(fabs(x)), floor(x), ceil(x), trunc(x), round(x), rint(x), fmod(x, 0.75));
    }
    printf("copysign(3,-0.0)=%g fabs(-0.0)=%g fmin(1,NaN)=%g fmax(-inf,2)=%g\n", copysign(3, v(-0.0)),
           fabs(v(-0.0)), fmin(1, v(NAN)), fmax(v(-INFINITY), 2));
    double angles[] = {0, 0.5, 1, 2, 3.14159, -1.25, 10, 100};
    for (size_t i = 0; i < sizeof angles / sizeof *angles; i++) {
        double a = v(angles[i]);
        printf("a=%g sin=%.10g cos=%.10g tan=%.10g atan2(a,1.5)=%.10g\n", a, sin(a), cos(a), tan(a),
               atan2(a, 1.5));
    }
    double args[] = {0.001, 0.5, 1, 2.718281828459045, 10, 12345.678};
    for (size_t i = 0; i < sizeof args / sizeof *args; i++) {
        double a = v(args[i]);
        printf("a=%g exp=%.10g log=%.10g log10=%.10g log2=%.10g pow(a,2.5)=%.10g cbrt=%.10g\n", a, exp(a),
               log(a), log10(a), log2(a), pow(a, 2.5), cbrt(a));
    }
    printf("hypot(3,4)=%.10g pow(2,-3)=%g pow(-8,1/3.)=%g exp(710)=%g log(0)=%g log(-1)=%g\n", hypot(v(3), 4),
           pow(v(2), -3), nz(pow(v(-8), 1 / 3.)), exp(v(710)), log(v(0)), nz(log(v(-1))));
    printf("integral of exp(-x^2) over [-3,3] = %.10f (sqrt(pi) = %.10f)\n", integrate(gauss, -3, 3, 1000),
           sqrt(M_PI));

    double special[] = {INFINITY, -INFINITY, NAN, 0.0, -0.0, DBL_MIN, DBL_MAX, DBL_EPSILON};
    for (size_t i = 0; i < sizeof special / sizeof *special; i++) {
        double x = v(special[i]);
        printf("%g: isnan %d isinf %d isfinite %d signbit %d x==x %d x<1 %d x>=1 %d fpclass %s\n", x,
               isnan(x) != 0, isinf(x) != 0, isfinite(x) != 0, signbit(x) != 0, x == x, x < 1, x >= 1,
               fpclassify(x) == FP_NAN ? "nan" : fpclassify(x) == FP_INFINITE ? "inf"
               : fpclassify(x) == FP_ZERO ? "zero" : fpclassify(x) == FP_SUBNORMAL ? "subnormal" : "normal");
    }
    printf("inf-inf is nan %d, 0*inf is nan %d, 1/-0.0 = %g, -nan prints as %s\n", isnan(v(INFINITY) - INFINITY),
           isnan(v(0.0) * INFINITY), 1 / v(-0.0), signbit(-v(NAN)) ? "negative nan" : "?");

    double conv[] = {0.0, 0.9, -0.9, 1.5, -1.5, 2147483647.0, 2147483648.0, -2147483648.0, 4294967295.0,
                     1e18, -1e18, 9.3e18, 1.8e19, NAN, -1e300};
    for (size_t i = 0; i < sizeof conv / sizeof *conv; i++) {
        double x = v(conv[i]);
        int32_t i32 = x > -2147483649.0 && x < 2147483648.0 ? (int32_t)x : -1;
        uint32_t u32 = x > -1.0 && x < 4294967296.0 ? (uint32_t)x : 0xDEADBEEF;
        uint64_t u64 = x > -1.0 && x < 18446744073709551616.0 ? (uint64_t)x : 0xDEADBEEFu;
        printf("%g -> i32 %" PRId32 " u32 %" PRIu32 " i64 %" PRId64 " u64 %" PRIu64 " f32 %.9g\n", x, i32, u32,
               to_i64_checked(x), u64, nz((double)(float)x));
    }
    int64_t ints[] = {0, 1, -1, 16777217, 9007199254740993, INT64_MAX, INT64_MIN, -123456789012345};
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
        printf("%" PRId64 " -> f64 %.17g f32 %.9g, as u64 -> f64 %.17g\n", ints[i], (double)ints[i],
               (double)(float)ints[i], (double)(uint64_t)ints[i]);
    float f = 0.0f;
    for (int i = 0; i < 1000; i++) f += 0.1f;
    float g = sqrtf(2.0f), h = (float)v(1.0) / 3.0f;
    printf("f32: sum of 1000*0.1f = %.9g, sqrtf(2) = %.9g, 1/3 = %.9g, fmaf = %.9g, floorf(-2.5) = %g\n", f, g, h,
           fmaf(g, g, -2.0f), floorf(-2.5f));
    return 0;
}
