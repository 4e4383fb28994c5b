#pragma once

// librabbitmq moved its headers under rabbitmq-c/ in 0.12 (Debian 13 ships
// 0.15) and left the old names as shims that warn; Debian 12 has 0.11, which
// has only the old names.
#if __has_include(<rabbitmq-c/amqp.h>)
#include <rabbitmq-c/amqp.h>
#include <rabbitmq-c/tcp_socket.h>
#else
#include <amqp.h>
#include <amqp_tcp_socket.h>
#endif
