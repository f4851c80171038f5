"""Contract tests: the shipped integrations called exactly as verl, TRL and OpenRLHF call them,
against real Farsight servers (started by tests/integrations/python_contract_test.ts, which
sets FARSIGHT_TEST_URL_A and FARSIGHT_TEST_URL_B). Standard library only.
"""

import importlib.util
import json
import os
import unittest
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
A = os.environ["FARSIGHT_TEST_URL_A"]
B = os.environ["FARSIGHT_TEST_URL_B"]


def load(path, name):
    """Loads a module from a file, as verl loads custom_reward_function.path."""
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


verl = load("verl/farsight_reward.py", "farsight_verl_reward")
trl = load("trl/farsight_reward.py", "farsight_trl_reward")


def requests_served(url):
    with urllib.request.urlopen(url + "/health", timeout=30) as reply:
        return json.loads(reply.read())["requests"]


def post(url, body):
    data = json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, headers={"content-type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=60) as reply:
        return json.loads(reply.read())


COMPOSED = '["7","12"]'  # Farsight's exported label: every answer, as a JSON array string
RIGHT = "Step by step...\n### Final Answers\nProblem 1: \\boxed{7}\nProblem 2: \\boxed{12}"
WRONG = "### Final Answers\nProblem 1: \\boxed{7}\nProblem 2: \\boxed{13}"
UNANSWERED = "I am not sure how to continue."


class VerlContract(unittest.TestCase):
    def test_compute_score_as_the_naive_manager_calls_it(self):
        cases = [
            ("farsight/offset/depth-2", RIGHT, COMPOSED, 1.0, True),
            ("farsight/offset/depth-2", WRONG, COMPOSED, 0.0, False),
            ("farsight/offset/depth-2", UNANSWERED, COMPOSED, 0.0, False),
            ("openai/gsm8k", "Compute 7*6. #### 42", "42", 1.0, True),
            ("openai/gsm8k", "Compute 7*6. #### 41", "42", 0.0, False),
            # R-Horizon's released data: comma-joined targets under math-multi-query sources
            ("math-multi-query", "\\boxed{540} and \\boxed{321}", "540,321", 1.0, True),
            ("farsight/offset/depth-1", "So \\boxed{1,234}", "1234", 1.0, True),
        ]
        for data_source, solution, truth, score, acc in cases:
            result = verl.compute_score(
                data_source=data_source,
                solution_str=solution,
                ground_truth=truth,
                extra_info={"index": 0, "split": "train"},
                urls=[A],
            )
            self.assertIsInstance(result, dict)
            self.assertEqual(result["score"], score, (data_source, solution))
            self.assertIsInstance(result["score"], float)
            self.assertEqual(result["acc"], acc)
            self.assertIsInstance(result["pred"], str)

    def test_positional_call_and_extra_keywords(self):
        # Some verl versions pass more keywords (e.g. the reward loop); **kwargs absorbs them.
        result = verl.compute_score(
            "farsight/x", RIGHT, COMPOSED, None, urls=A, num_turns=1, rollout_reward_scores={}
        )
        self.assertEqual(result["score"], 1.0)

    def test_batch_manager_spreads_over_servers_with_unchanged_rewards(self):
        n = 24
        solutions = [[RIGHT, WRONG, UNANSWERED][i % 3] for i in range(n)]
        kwargs = dict(
            data_sources=["farsight/offset/depth-2"] * n,
            solution_strs=solutions,
            ground_truths=[COMPOSED] * n,
            extra_infos=[{"index": i} for i in range(n)],
        )
        one = verl.compute_score_batch(**kwargs, urls=[A])
        before = (requests_served(A), requests_served(B))
        two = verl.compute_score_batch(**kwargs, urls=[A, B])
        after = (requests_served(A), requests_served(B))
        self.assertEqual(one, two)
        self.assertEqual([r["score"] for r in two], [[1.0, 0.0, 0.0][i % 3] for i in range(n)])
        # each server got the batch shard (its /health call counts once)
        self.assertGreaterEqual(after[0] - before[0], 2)
        self.assertGreaterEqual(after[1] - before[1], 2)


class TrlContract(unittest.TestCase):
    def test_conversational_completions_and_dataset_columns(self):
        reward = trl.make_farsight_reward(urls=[A, B])
        metrics = {}
        prompts = [[{"role": "user", "content": "Problem 1: ... Problem 2: ..."}]] * 4
        completions = [
            [{"role": "assistant", "content": RIGHT}],
            [{"role": "assistant", "content": WRONG}],
            [{"role": "assistant", "content": UNANSWERED}],
            [{"role": "assistant", "content": "\\boxed{5}"}],
        ]
        rewards = reward(
            prompts=prompts,
            completions=completions,
            completion_ids=[[1, 2, 3]] * 4,
            trainer_state=None,
            log_extra=lambda column, values: None,
            log_metric=lambda name, value: metrics.__setitem__(name, value),
            # dataset columns as TRL passes them (Farsight's TRL export)
            ground_truth=[COMPOSED, COMPOSED, COMPOSED, None],
            answers=[["7", "12"]] * 3 + [["5"]],
            answer=["12", "12", "12", "5"],
            id=["a", "b", "c", "d"],
            depth=[2, 2, 2, 1],
        )
        self.assertEqual(rewards, [1.0, 0.0, 0.0, None])
        self.assertAlmostEqual(metrics["farsight/accuracy"], 1 / 3)

    def test_string_completions_and_answer_column(self):
        rewards = trl.make_farsight_reward(urls=A)(
            prompts=["What is 6*7?"] * 3,
            completions=["#### 42", "The answer is 41.", "no idea"],
            answer=["42", "42", "42"],
        )
        self.assertEqual(rewards, [1.0, 0.0, 0.0])

    def test_two_servers_get_work_and_rewards_are_unchanged(self):
        completions = [RIGHT, WRONG] * 8
        labels = [COMPOSED] * 16
        one = trl.make_farsight_reward(urls=[A])(completions=completions, ground_truth=labels)
        before = (requests_served(A), requests_served(B))
        two = trl.make_farsight_reward(urls=[A, B])(completions=completions, ground_truth=labels)
        after = (requests_served(A), requests_served(B))
        self.assertEqual(one, two)
        self.assertGreaterEqual(after[0] - before[0], 2)
        self.assertGreaterEqual(after[1] - before[1], 2)


def as_tensor(value):
    """What OpenRLHF does to each extra_logs value (torch.tensor([v])): only numbers work."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"too many dimensions '{type(value).__name__}'")
    return [float(value)]


class OpenRlhfContract(unittest.TestCase):
    PROMPT = "<|im_start|>user\nProblem 1: ...\nProblem 2: ...\n### Final Answers\n" \
        "Problem 1: \\boxed{[answer1]}\nProblem 2: \\boxed{[answer2]}<|im_end|>\n" \
        "<|im_start|>assistant\n"

    def ask(self, query, prompt, label):
        # one sample per request, as OpenRLHF's current executor sends it
        reply = post(A + "/get_reward", {"query": [query], "prompts": [prompt], "labels": [label]})
        for key in ("rewards", "scores", "extra_logs"):
            self.assertIn(key, reply)
        for name, values in reply["extra_logs"].items():
            self.assertEqual(len(values), 1, name)
            as_tensor(values[0])  # raises on a string, as the trainer would
        return reply

    def test_right_wrong_unanswered_with_special_token_decoding(self):
        # query = prompt + response decoded WITH special tokens; the detokeniser's whitespace
        # differs from the prompt string (here: a space before <|im_end|> and none after it)
        decoded_prompt = self.PROMPT.replace("<|im_end|>\n", " <|im_end|>")
        for response, reward in ((RIGHT, 1.0), (WRONG, 0.0), (UNANSWERED, 0.0)):
            reply = self.ask(decoded_prompt + response + "<|im_end|>", self.PROMPT, COMPOSED)
            self.assertEqual(reply["rewards"], [reward], response)
            self.assertEqual(reply["scores"], [reward])
        # the prompt's own \boxed{[answerK]} template is never read as an answer
        reply = self.ask(decoded_prompt + UNANSWERED, self.PROMPT, COMPOSED)
        self.assertEqual(reply["statuses"], ["no_answer"])
        self.assertEqual(reply["extra_logs"]["no_answer"], [1])

    def test_prompt_not_found_still_ignores_the_template(self):
        reply = self.ask("<s>" + self.PROMPT.upper() + RIGHT, self.PROMPT, COMPOSED)
        self.assertEqual(reply["rewards"], [1.0])
        reply = self.ask("<s>" + self.PROMPT.upper() + UNANSWERED, self.PROMPT, COMPOSED)
        self.assertEqual(reply["rewards"], [0.0])
        self.assertEqual(reply["statuses"], ["no_answer"])

    def test_single_answer_label_uses_the_full_extraction_ladder(self):
        reply = self.ask("Q: 7*6?\nCompute 7*6. #### 42", "Q: 7*6?", "42")
        self.assertEqual(reply["rewards"], [1.0])
        reply = self.ask("Q: 7*6?\nThe answer is 42.", "Q: 7*6?", 42)
        self.assertEqual(reply["rewards"], [1.0])


class OpenRlhfSeveralServers(unittest.TestCase):
    def test_reward_func_called_as_openrlhf_calls_it_spreads_over_servers(self):
        # OpenRLHF loads reward_func from a .py path and calls it with one sample per call
        os.environ["FARSIGHT_REWARD_URLS"] = f"{A},{B}"
        try:
            func = load("openrlhf/farsight_reward_func.py", "farsight_openrlhf_func").reward_func
            before = [requests_served(A), requests_served(B)]
            replies = [func(["Q: 7*6?\n#### 42"], ["Q: 7*6?"], ["42"]) for _ in range(6)]
            after = [requests_served(A), requests_served(B)]
        finally:
            del os.environ["FARSIGHT_REWARD_URLS"]
        for reply in replies:
            self.assertEqual(reply["rewards"], [1.0])
            self.assertEqual(reply["scores"], [1.0])
            for values in reply["extra_logs"].values():
                as_tensor(values[0])
        # each server got half (health requests counted too: one each before and after)
        self.assertGreaterEqual(after[0] - before[0], 3)
        self.assertGreaterEqual(after[1] - before[1], 3)

    def test_openrlhf_own_split_of_one_sample_leaves_other_servers_empty_requests(self):
        # what OpenRLHF's executor does with several URLs: ceil(1 / n) samples per URL
        urls, query = [A, B], ["Q: 7*6?\n#### 42"]
        size = -(-len(query) // len(urls))
        replies = [
            post(url + "/get_reward", {"query": query[i * size:(i + 1) * size],
                                       "prompts": ["Q: 7*6?"][i * size:(i + 1) * size],
                                       "labels": ["42"][i * size:(i + 1) * size]})
            for i, url in enumerate(urls)
        ]
        self.assertEqual(replies[0]["rewards"], [1.0])
        self.assertEqual(replies[1]["rewards"], [], "the second server only ever sees empty lists")


if __name__ == "__main__":
    unittest.main()
