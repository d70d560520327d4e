/*
 * banned.h — libc calls that are easy to misuse.  Every .c file includes it
 * after all other headers (a lint in `make check` verifies it), so a use of a
 * banned call below that point fails to compile.  util.c, the one bounded
 * parser module, does not include it.
 */
#ifndef SW_BASE_BANNED_H
#define SW_BASE_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef gets
#define gets(x) BANNED(gets)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef atoll
#define atoll(x) BANNED(atoll)
#undef sscanf
#define sscanf(...) BANNED(sscanf)
#undef strtok
#define strtok(x, y) BANNED(strtok)

#endif
