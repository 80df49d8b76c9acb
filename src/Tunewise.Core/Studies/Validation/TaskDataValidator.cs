namespace Tunewise.Studies.Validation;

/// <summary>
/// The task's files fit together and exist, and every arm has the data it needs: few-shot and
/// fine-tuning arms need training examples, retrieval arms need documents.
/// </summary>
public sealed class TaskDataValidator : IStudyValidator
{
    public IEnumerable<ValidationError> Validate(Study study, StudyValidationContext context)
    {
        var task = study.Task;
        if (task.Data is not null && (task.Test is not null || task.Train is not null || task.Dev is not null))
        {
            yield return Issue.Error(study, "task.data", "give either task.data (one file to split) or task.train/dev/test, not both");
        }
        if (task.Data is null && task.Test is null && (task.Train is not null || task.Dev is not null))
        {
            yield return Issue.Missing(study, "task", "task.test", "task.train and task.dev need a task.test file: the held-out set every arm is measured on");
        }

        if (context.CheckFiles)
        {
            foreach (var (key, path) in new[] { ("data", task.Data), ("train", task.Train), ("dev", task.Dev), ("test", task.Test) })
            {
                if (path is not null && !File.Exists(path))
                {
                    yield return Issue.Error(study, $"task.{key}", $"task.{key}: file not found: {path}");
                }
            }
            if (task.Documents is not null && !File.Exists(task.Documents) && !Directory.Exists(task.Documents))
            {
                yield return Issue.Error(study, "task.documents", $"task.documents: no such file or folder: {task.Documents}");
            }
        }

        for (var i = 0; i < study.Arms.Length; i++)
        {
            var arm = study.Arms[i];
            if (arm.FineTune?.Train is { } own && !File.Exists(own))
            {
                yield return Issue.Error(study, $"arms[{i}].finetune.train", $"{Issue.Arm(study, i)} finetune.train: file not found: {own}");
            }
            else if (arm.NeedsTrainingData && !task.HasTrainingData && arm.FineTune?.Train is null)
            {
                var why = arm.FineTune is not null ? "fine-tunes" : $"shows {arm.Prompt.FewShot} demonstrations";
                yield return Issue.Error(study, $"arms[{i}]", $"{Issue.Arm(study, i)} {why} and needs training examples: add task.train (or use task.data)");
            }
            if (arm.Retrieval is { Oracle: false } && task.Documents is null)
            {
                yield return Issue.Error(study, $"arms[{i}].retrieval", $"{Issue.Arm(study, i)} uses retrieval and needs task.documents (a file or folder to search)");
            }
        }
    }
}
