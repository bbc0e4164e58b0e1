#include <suitesparse/klu.h>
