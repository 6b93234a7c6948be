#include <protocol/protocol.h>
#include <stdio.h>
int main(void) { printf("%s\n", protocol_version()); return 0; }
