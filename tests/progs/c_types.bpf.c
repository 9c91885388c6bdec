/* Types that are hard to write back as C from BTF, for the C-declaration
 * emitter's unit test (tests/unit/test_btf_c.c, elf/btf_c.c): bitfields
 * (across bytes, after other members, of several types), packed and
 * aligned structs and unions, anonymous members and types, enums of
 * several sizes and signs, function pointers, pointers to arrays, arrays
 * of pointers, qualifiers in the middle of a type, a struct that points to
 * itself and a pair that point to each other, a typedef of a struct used
 * before the struct is complete, and names that clash (below). Every type is
 * reachable from a global variable, so clang keeps it in .BTF. Nothing
 * here is loaded: the object is only read. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct node;
typedef struct node node_t;

struct node {
	node_t *next;          /* a typedef of itself, before it is complete */
	struct node **prev;
	int value;
};

struct ping;
struct pong { struct ping *ping; long n; };
struct ping { struct pong *pong; char tag; };

struct bits {
	unsigned int a : 3;
	unsigned int b : 7;
	signed char c : 4;
	unsigned long long wide : 40;
	unsigned short s;      /* after the bitfields */
	unsigned int d : 1;
	_Bool flag : 1;
};

struct __attribute__((packed)) packed {
	char c;
	int i;                 /* at 1 */
	long long ll;          /* at 5 */
	unsigned int bf : 20;  /* across bytes of a packed struct */
};

struct aligned {
	char c;
	int i __attribute__((aligned(16)));  /* at 16 */
	char tail;
} __attribute__((aligned(32)));

union __attribute__((aligned(16))) big_union {
	int i;
	char bytes[5];
};

union __attribute__((packed)) packed_union {
	long long ll;
	char c[9];
};

enum color { RED, GREEN = 5, BLUE = -1 };
enum __attribute__((packed)) small_enum { SMALL_A, SMALL_B = 200 };
enum big_enum { BIG_A = 1, BIG_B = 0x100000000ULL };
enum { ANON_X = 7 };

typedef int (*callback_t)(void *ctx, const char *name, ...);
typedef struct { int x, y; } point_t;           /* an anonymous struct's typedef */
typedef unsigned int u32_array_t[4];

struct everything {
	struct node node;                 /* by value */
	struct ping ping;
	struct bits bits;
	struct packed packed;
	struct aligned aligned;
	union big_union bu;
	union packed_union pu;
	enum color color;
	enum small_enum small;
	enum big_enum big;
	point_t point;
	u32_array_t arr;
	callback_t cb;
	int (*handlers[3])(int);          /* an array of function pointers */
	char (*name_ptr)[16];             /* a pointer to an array */
	const char *const *strings;       /* a qualifier between pointers */
	volatile unsigned long counter;
	struct {                          /* anonymous members */
		int anon_a;
		union {
			short anon_s;
			char anon_c[3];
		};
	};
	struct {
		int inner_x : 5;
		int inner_y : 11;
	} named_inner;
	char text[7];
	long long after_text;             /* after padding */
	void *ptr;
	unsigned __int128 huge;
	float f;
	double d;
};

/* Twins: one C file cannot hold two structs, typedefs or enumerators of
 * one name, but an object linked from several can (bpftool gen object
 * keeps both when they differ). The unit test renames the _b ones to _a
 * in the parsed BTF (the names have the same length) to make such an
 * object. */
struct twin_a { int first; };
struct twin_b { long second[2]; };
typedef int twin_t_a;
typedef char twin_t_b;
enum twin_enum_a { TWIN_ONE = 1 };
enum twin_enum_b { TWIN_TWO = 2 };
struct twins {
	struct twin_a a;
	struct twin_b b;
	twin_t_a ta;
	twin_t_b tb;
	enum twin_enum_a ea;
	enum twin_enum_b eb;
};

typedef unsigned long long uint64_t; /* as a BPF program's <stdint.h> says */
struct host_types { uint64_t u; };

struct everything everything;
struct twins twins;
struct host_types host_types;
int anon_enum_user = ANON_X;

char _license[] SEC("license") = "GPL";
