/*
 * How fast issue 5's intake could be on this machine with no Java at all: each delivery's event id
 * is claimed in Redis (the handler's Lua script, by EVALSHA), then the inbox rows are inserted in one
 * autocommitted statement (one durable commit), then the ids are marked stored (sent, not awaited:
 * the reply is read with the next claim's). Written against libpq and hiredis, with no signature
 * check or JSON parsing (WORK_US stands for them) and no allocation.
 *
 *   intake-ceiling MODE CONNECTIONS BATCH SECONDS redis|redis-overlap|none SCHEMA
 *                  [PRODUCERS LINGER_US [WORK_US]]
 *
 * MODE is one of:
 *   loop     CONNECTIONS threads each store BATCH new events at a time, back to back: no producers,
 *            no hand-off, every batch full. The most the database and Redis take this way.
 *   writers  PRODUCERS threads each deliver one event at a time and wait until it is stored, as
 *            8 webhook requests do; CONNECTIONS writer threads take up to BATCH waiting deliveries,
 *            lingering up to LINGER_US for the batch to fill (the handler's group commit).
 *   leaders  the same producers, no writer threads: a producer finding a connection free stores
 *            the waiting deliveries itself (leader-based group commit), then hands the connection
 *            to the next waiting producer. One leader forms a batch at a time; a producer whose
 *            delivery another leader took passes its connection on instead of leading.
 * LINGER_US: how long a batch waits to fill up to BATCH (it knows how many are coming, which a
 * real handler does not). "a" before it (a1000) waits instead, up to LINGER_US, only while some
 * producer is on its way (working on a delivery it has not queued yet), as the Java handler's
 * linger does: what a batcher that cannot know the load can do. WORK_US: CPU time each producer
 * spends on a delivery before handing it over (the handler's signature check and parsing; 0 by
 * default). "none" leaves Redis out (the database's part alone); "redis-overlap" sends each
 * batch's claim while BEGIN and the insert run, and commits once both have answered (one more
 * round trip to PostgreSQL, the Redis one off the path; a correct version would also delete the
 * rows of events Redis reports stored, which never happens here). Prints the stored events per
 * second on stdout and the mean batch on stderr. Built and run by benchmarks/intake-breakdown.sh
 * (needs gcc, libpq-dev and libhiredis-dev).
 */
#include <hiredis/hiredis.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH 64
#define MAX_THREADS 64

static const char *CLAIM_ALL =
    "local out = {} for i, key in ipairs(KEYS) do"
    " if redis.call('set', key, 'claimed', 'NX', 'EX', ARGV[1]) then out[i] = 'C'"
    " elseif redis.call('get', key) == 'stored' then out[i] = 'S' else out[i] = 'F' end end return out";
static const char *STORED_ALL =
    "for _, key in ipairs(KEYS) do redis.call('set', key, 'stored', 'EX', ARGV[1]) end return #KEYS";

enum mode { LOOP, WRITERS, LEADERS };
static char claim_sha[48], stored_sha[48]; /* the scripts' SHA1s, for EVALSHA */
static enum mode mode;
static int batch_max;
static int use_redis;
static int overlap;   /* "redis-overlap": the claim runs while the insert does, in a transaction */
static long work_ns; /* CPU each producer spends on a delivery before handing it over */
static const char *schema;
static long run_id;
static char payload[601];
static atomic_int stop;
static atomic_long stored_events;
static atomic_long batches;

static void die(const char *what, const char *detail) {
  fprintf(stderr, "intake-ceiling: %s: %s\n", what, detail);
  exit(1);
}

/* One PostgreSQL and one Redis connection, used by one thread at a time. */
typedef struct {
  PGconn *pg;
  redisContext *redis;
  int marks_pending;
} conn;

static void open_conn(conn *c) {
  char info[256];
  snprintf(info, sizeof info, "host=127.0.0.1 user=postgres dbname=test options='-c search_path=%s'", schema);
  c->pg = PQconnectdb(info);
  if (PQstatus(c->pg) != CONNECTION_OK) die("postgres", PQerrorMessage(c->pg));
  /* One prepared statement per batch size, as pgjdbc prepares one per distinct SQL text. */
  for (int k = 1; k <= batch_max; k++) {
    char sql[16384], name[16];
    int len = snprintf(sql, sizeof sql, "INSERT INTO inbox (id, tenant_id, provider, event_id, event_type, payload,"
        " status, attempts, next_attempt_at, received_at) VALUES ");
    for (int i = 0; i < k; i++) {
      len += snprintf(sql + len, sizeof sql - len, "%s(gen_random_uuid(), 'bench', 'ycloud', $%d,"
          " 'whatsapp.inbound_message.received', $%d, 'PENDING', 0, now(), now())", i ? ", " : "", 2 * i + 1, 2 * i + 2);
    }
    snprintf(sql + len, sizeof sql - len, " ON CONFLICT ON CONSTRAINT inbox_event_uq DO NOTHING");
    snprintf(name, sizeof name, "b%d", k);
    PGresult *res = PQprepare(c->pg, name, sql, 0, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) die("prepare", PQerrorMessage(c->pg));
    PQclear(res);
  }
  c->redis = NULL;
  c->marks_pending = 0;
  if (use_redis) {
    c->redis = redisConnect("127.0.0.1", 6379);
    if (c->redis == NULL || c->redis->err) die("redis", c->redis ? c->redis->errstr : "out of memory");
    for (int i = 0; i < 2; i++) {
      redisReply *sha = redisCommand(c->redis, "SCRIPT LOAD %s", i == 0 ? CLAIM_ALL : STORED_ALL);
      if (sha == NULL || sha->type != REDIS_REPLY_STRING) die("redis", "SCRIPT LOAD failed");
      snprintf(i == 0 ? claim_sha : stored_sha, 48, "%s", sha->str);
      freeReplyObject(sha);
    }
  }
}

static void read_reply(redisContext *r, int type) {
  redisReply *reply;
  if (redisGetReply(r, (void **)&reply) != REDIS_OK) die("redis", r->errstr);
  if (reply->type != type) die("redis", reply->type == REDIS_REPLY_ERROR ? reply->str : "unexpected reply");
  freeReplyObject(reply);
}

/* Queues EVALSHA of a script loaded at connect time; the reply is read later. */
static void queue_eval(redisContext *r, const char *script, const char *ttl, char keys[][128], int n) {
  const char *argv[4 + MAX_BATCH];
  char count[16];
  int argc = 0;
  snprintf(count, sizeof count, "%d", n);
  argv[argc++] = "EVALSHA";
  argv[argc++] = script;
  argv[argc++] = count;
  for (int i = 0; i < n; i++) argv[argc++] = keys[i];
  argv[argc++] = ttl;
  if (redisAppendCommandArgv(r, argc, argv, NULL) != REDIS_OK) die("redis", r->errstr);
}

/* Claims, inserts and marks n events: what the handler does for one batch. */
static void store(conn *c, char ids[][64], int n) {
  char keys[MAX_BATCH][128];
  const char *params[2 * MAX_BATCH];
  for (int i = 0; i < n; i++) {
    snprintf(keys[i], sizeof keys[i], "bench:ceiling:bench:ycloud:%s", ids[i]);
    params[2 * i] = ids[i];
    params[2 * i + 1] = payload;
  }
  char name[16];
  snprintf(name, sizeof name, "b%d", n);
  if (overlap && c->redis) {
    /* BEGIN and the insert go out with the claim in flight; the commit waits for both answers
       (a correct version would delete the rows of events Redis reports stored before it). */
    queue_eval(c->redis, claim_sha, "60", keys, n);
    for (int done = 0; !done;) {
      if (redisBufferWrite(c->redis, &done) != REDIS_OK) die("redis", c->redis->errstr);
    }
    if (!PQenterPipelineMode(c->pg)) die("pipeline", PQerrorMessage(c->pg));
    if (!PQsendQueryParams(c->pg, "BEGIN", 0, NULL, NULL, NULL, NULL, 0)
        || !PQsendQueryPrepared(c->pg, name, 2 * n, params, NULL, NULL, 0) || !PQpipelineSync(c->pg)) {
      die("insert", PQerrorMessage(c->pg));
    }
    if (c->marks_pending) read_reply(c->redis, REDIS_REPLY_INTEGER);
    read_reply(c->redis, REDIS_REPLY_ARRAY);
    for (int results = 0; results < 2;) { /* BEGIN's and INSERT's results, each followed by NULL */
      PGresult *r = PQgetResult(c->pg);
      if (r == NULL) continue;
      if (PQresultStatus(r) != PGRES_COMMAND_OK) die("insert", PQerrorMessage(c->pg));
      PQclear(r);
      results++;
    }
    PGresult *sync = NULL;
    while ((sync = PQgetResult(c->pg)) == NULL || PQresultStatus(sync) != PGRES_PIPELINE_SYNC) {
      if (sync) PQclear(sync);
    }
    PQclear(sync);
    if (!PQexitPipelineMode(c->pg)) die("pipeline", PQerrorMessage(c->pg));
    PGresult *commit = PQexec(c->pg, "COMMIT");
    if (PQresultStatus(commit) != PGRES_COMMAND_OK) die("commit", PQerrorMessage(c->pg));
    PQclear(commit);
  } else {
    if (c->redis) {
      queue_eval(c->redis, claim_sha, "60", keys, n);
      if (c->marks_pending) read_reply(c->redis, REDIS_REPLY_INTEGER);
      read_reply(c->redis, REDIS_REPLY_ARRAY);
    }
    PGresult *res = PQexecPrepared(c->pg, name, 2 * n, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) die("insert", PQerrorMessage(c->pg));
    PQclear(res);
  }
  if (c->redis) {
    queue_eval(c->redis, stored_sha, "300", keys, n);
    for (int done = 0; !done;) {
      if (redisBufferWrite(c->redis, &done) != REDIS_OK) die("redis", c->redis->errstr);
    }
    c->marks_pending = 1;
  }
  atomic_fetch_add(&batches, 1);
}

static void *loop_thread(void *arg) {
  long me = (long)arg;
  conn c;
  open_conn(&c);
  char ids[MAX_BATCH][64];
  for (long n = 0; !atomic_load(&stop); n++) {
    for (int i = 0; i < batch_max; i++) snprintf(ids[i], sizeof ids[i], "evt_%ld_l%ld_%ld_%d", run_id, me, n, i);
    store(&c, ids, batch_max);
    atomic_fetch_add(&stored_events, batch_max);
  }
  return NULL;
}

/* A delivery waiting to be stored; its producer sleeps on its own condition. */
typedef struct delivery {
  pthread_cond_t wake;
  int done;
  conn *lead; /* leaders mode: the connection handed to this producer, so it stores the next batch */
  int taken;  /* taken into a batch: its producer only waits for it from then on */
  char id[64];
} delivery;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t arrived = PTHREAD_COND_INITIALIZER;
static pthread_cond_t formed = PTHREAD_COND_INITIALIZER;
static int forming; /* leaders mode: a leader is forming a batch (one at a time, as in GroupCommit) */
static delivery *queue[MAX_THREADS];
static int queued;
static long linger_us;
static int adaptive;      /* "a" LINGER_US: wait only while producers are on their way */
static int on_the_way;    /* producers working on a delivery not queued yet (under lock) */
static conn *idle[MAX_THREADS]; /* leaders mode: connections nobody is storing with */
static int idle_count;

/* With the lock held: waits up to the linger for the batch to fill, then takes up to batch_max. */
static int take_locked(delivery **out) {
  if (linger_us > 0 && queued < batch_max) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += linger_us * 1000;
    until.tv_sec += until.tv_nsec / 1000000000;
    until.tv_nsec %= 1000000000;
    while (queued < batch_max && (!adaptive || on_the_way > 0) && !atomic_load(&stop)) {
      if (pthread_cond_timedwait(&arrived, &lock, &until) != 0) break;
    }
  }
  int n = queued < batch_max ? queued : batch_max;
  memcpy(out, queue, n * sizeof queue[0]);
  for (int i = 0; i < n; i++) out[i]->taken = 1;
  memmove(queue, queue + n, (queued - n) * sizeof queue[0]);
  queued -= n;
  return n;
}

/* Stores a batch taken from the queue and wakes its producers (all but `self`). */
static void store_batch(conn *c, delivery **batch, int n, delivery *self) {
  char ids[MAX_BATCH][64];
  for (int i = 0; i < n; i++) memcpy(ids[i], batch[i]->id, sizeof ids[i]);
  store(c, ids, n);
  pthread_mutex_lock(&lock);
  for (int i = 0; i < n; i++) {
    batch[i]->done = 1;
    if (batch[i] != self) pthread_cond_signal(&batch[i]->wake);
  }
  pthread_mutex_unlock(&lock);
}

static void *writer_thread(void *arg) {
  (void)arg;
  conn c;
  open_conn(&c);
  delivery *batch[MAX_BATCH];
  while (!atomic_load(&stop)) {
    pthread_mutex_lock(&lock);
    while (queued == 0 && !atomic_load(&stop)) pthread_cond_wait(&arrived, &lock);
    int n = take_locked(batch);
    pthread_mutex_unlock(&lock);
    if (n > 0) store_batch(&c, batch, n, NULL);
  }
  return NULL;
}

/* Leaders mode: with the lock held, gives connection c to the first waiting producer, or parks it. */
static void hand_on_locked(conn *c) {
  for (int i = 0; i < queued; i++) {
    if (queue[i]->lead == NULL) {
      queue[i]->lead = c;
      pthread_cond_signal(&queue[i]->wake);
      return;
    }
  }
  idle[idle_count++] = c;
}

/* Spends ns of this thread's CPU time: the work a handler does on a delivery (verify, parse). */
static void burn(long ns) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  long until = t.tv_sec * 1000000000L + t.tv_nsec + ns;
  do {
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  } while (t.tv_sec * 1000000000L + t.tv_nsec < until);
}

static void *producer_thread(void *arg) {
  long me = (long)arg;
  delivery d;
  pthread_cond_init(&d.wake, NULL);
  delivery *batch[MAX_BATCH];
  for (long n = 0; !atomic_load(&stop); n++) {
    snprintf(d.id, sizeof d.id, "evt_%ld_p%ld_%ld", run_id, me, n);
    if (adaptive) {
      pthread_mutex_lock(&lock);
      on_the_way++;
      pthread_mutex_unlock(&lock);
    }
    if (work_ns > 0) burn(work_ns);
    d.done = 0;
    d.taken = 0;
    d.lead = NULL;
    pthread_mutex_lock(&lock);
    queue[queued++] = &d;
    if (mode == LEADERS && idle_count > 0) d.lead = idle[--idle_count];
    if (adaptive) on_the_way--;
    pthread_cond_broadcast(&arrived);
    while (!d.done && !atomic_load(&stop)) {
      if (d.lead != NULL && !d.taken && forming) {
        pthread_cond_wait(&formed, &lock); /* another leader is forming a batch; it may take this one */
      } else if (d.lead != NULL && !d.taken) {
        conn *c = d.lead;
        forming = 1;
        int taken = take_locked(batch);
        forming = 0;
        pthread_cond_broadcast(&formed);
        pthread_mutex_unlock(&lock);
        if (taken > 0) store_batch(c, batch, taken, &d);
        pthread_mutex_lock(&lock);
        d.lead = NULL;
        hand_on_locked(c);
      } else if (d.lead != NULL) {
        conn *c = d.lead; /* this delivery is in another leader's batch: pass the connection on */
        d.lead = NULL;
        hand_on_locked(c);
      } else {
        pthread_cond_wait(&d.wake, &lock);
      }
    }
    pthread_mutex_unlock(&lock);
    if (d.done) atomic_fetch_add(&stored_events, 1);
  }
  return NULL;
}

int main(int argc, char **argv) {
  const char *usage = "intake-ceiling loop|writers|leaders CONNECTIONS BATCH SECONDS redis|redis-overlap|none SCHEMA"
      " [PRODUCERS LINGER_US [WORK_US]]";
  if (argc != 7 && argc != 9 && argc != 10) die("usage", usage);
  mode = strcmp(argv[1], "loop") == 0 ? LOOP : strcmp(argv[1], "writers") == 0 ? WRITERS : LEADERS;
  int connections = atoi(argv[2]);
  batch_max = atoi(argv[3]);
  int seconds = atoi(argv[4]);
  use_redis = strncmp(argv[5], "redis", 5) == 0;
  overlap = strcmp(argv[5], "redis-overlap") == 0;
  schema = argv[6];
  int producers = argc >= 9 ? atoi(argv[7]) : 0;
  adaptive = argc >= 9 && argv[8][0] == 'a';
  linger_us = argc >= 9 ? atol(argv[8] + adaptive) : 0;
  work_ns = argc == 10 ? atol(argv[9]) * 1000 : 0;
  if (connections < 1 || connections > MAX_THREADS || batch_max < 1 || batch_max > MAX_BATCH || seconds < 1
      || (mode != LOOP && (producers < 1 || producers > MAX_THREADS)) || linger_us < 0) {
    die("usage", usage);
  }
  memset(payload, 'x', 600);
  run_id = (long)time(NULL) * 1000 + getpid() % 1000;
  pthread_t threads[2 * MAX_THREADS];
  int started = 0;
  conn *conns = calloc(connections, sizeof(conn));
  if (mode == LEADERS) {
    for (int i = 0; i < connections; i++) {
      open_conn(&conns[i]);
      idle[idle_count++] = &conns[i];
    }
  }
  for (long i = 0; mode != LEADERS && i < connections; i++) {
    pthread_create(&threads[started++], NULL, mode == LOOP ? loop_thread : writer_thread, (void *)i);
  }
  for (long i = 0; mode != LOOP && i < producers; i++) pthread_create(&threads[started++], NULL, producer_thread, (void *)i);
  /* A second for connecting and preparing, then the measured window. */
  sleep(1);
  atomic_store(&stored_events, 0);
  atomic_store(&batches, 0);
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  sleep(seconds);
  clock_gettime(CLOCK_MONOTONIC, &end);
  long events = atomic_load(&stored_events);
  long batch_count = atomic_load(&batches);
  double elapsed = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
  fprintf(stderr, "mean batch %.1f\n", batch_count > 0 ? (double)events / batch_count : 0.0);
  printf("%.0f\n", events / elapsed);
  fflush(stdout);
  /* Threads may be waiting on one another or on the servers; the process ends without them. */
  _exit(0);
}
