/* Placeholder until the command line lands. */
#include <stdio.h>
int main(void) { puts("derivcheck: not built yet"); return 3; }
